"""Writes: every change to the catalogue goes through a function here."""
