"""Visitor services at the PST desk: guestbook, queue, lockers, reading room, photocopies."""
