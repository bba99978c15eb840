"""Reads: the search selector and its database fallback."""
