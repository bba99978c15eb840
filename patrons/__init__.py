"""Online patrons: accounts with a verified email, and their softcopy requests."""
