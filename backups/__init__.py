"""Backups that restore: online database copy, content-addressed files, verify, restore.

``services`` writes snapshots and prunes them, ``selectors`` lists and verifies them,
``restore`` brings one back onto an empty installation. See docs/backup.md.
"""
