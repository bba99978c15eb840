"""Reads: queries the edges use, so views and commands hold no query logic."""
