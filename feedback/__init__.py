"""Complaints and suggestions from every channel, and the satisfaction survey."""
