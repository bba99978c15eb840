"""Spreadsheet cells that cannot run: formula neutralisation for every CSV/XLSX export.

A cell that begins with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return before
one) is read by Excel and LibreOffice as a formula, so a catalogue title such as
``=HYPERLINK("http://…")`` would run on the librarian's PC (CSV/formula injection, OWASP).
Such text is written with a leading apostrophe, which spreadsheets show as plain text;
plain numbers (``-5``, ``+62``, ``-3,5``) and a lone ``-`` (no data) stay as they are.
``cell_restore`` undoes it on import, so an export imports back to the same text.

Pure Python (no Django): every domain's exports, and the table downloads, use this one rule.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d[\d.,\s]*$")


def needs_neutralising(text: str) -> bool:
    if not text.startswith(TRIGGERS) or text == "-":
        return False
    return not _NUMBER.match(text)


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet may hold it: text that would be a formula made plain."""
    if isinstance(value, str) and needs_neutralising(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def cell_restore(text: str) -> str:
    """The text ``safe_cell`` neutralised, as it was (for importing our own exports)."""
    if text.startswith("'") and needs_neutralising(text[1:]):
        return text[1:]
    return text


class SafeCsvWriter:
    """``csv.writer`` (CRLF rows, as spreadsheets expect) that neutralises every cell."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow(safe_row(values))
