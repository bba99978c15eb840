"""Complaint and survey pages (public forms, staff register)."""
