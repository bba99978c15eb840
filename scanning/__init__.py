"""Capture on the server side: scanner stations, their tokens, scan batches and the scan queue."""
