"""Tesseract adapter: the only module that runs the ``tesseract`` program directly."""

from __future__ import annotations

import re

from workers.pipeline.tools.run import run_tool

PROGRAM = "tesseract"
_VERSION = re.compile(r"tesseract\s+v?(\d+\.\d+(?:\.\d+)?)", re.IGNORECASE)


def version() -> str:
    """Return Tesseract's version, e.g. ``"5.3.0"``."""
    completed = run_tool([PROGRAM, "--version"], timeout=10)
    match = _VERSION.search(completed.stdout + completed.stderr)
    return match.group(1) if match else (completed.stdout or completed.stderr).splitlines()[0]


def languages() -> list[str]:
    """Return the installed language codes (``ind``, ``eng``, ``osd``, ...), sorted."""
    completed = run_tool([PROGRAM, "--list-langs"], timeout=10)
    lines = completed.stdout.splitlines()
    # The first line is a header: 'List of available languages in "..." (3):'
    return sorted(line.strip() for line in lines[1:] if line.strip())
