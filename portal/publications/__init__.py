"""Public publication pages: metadata, cover, holdings availability and softcopy access."""
