"""The search page and the search API."""
