"""Publication metadata, hardcopy holdings and softcopy files (services and selectors)."""
