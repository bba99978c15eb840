"""Visitor services at the PST desk: guestbook, service queue, lockers, reading room, photocopies."""
