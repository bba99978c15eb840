"""Indonesian number formats in BPS tables: "94.821" is 94821, "66,37" is 66.37.

Dots group thousands and the comma marks decimals. A dash or ellipsis means "none" or
"not available": the value is empty and the printed mark is kept as a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOT_AVAILABLE = frozenset({"-", "–", "—", "−", "…", "...", "..", "x", "X", "NA", "n.a.", "na"})
_MINUS = "-−–—"
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_PLAIN = re.compile(r"^\d+(?:,\d+)?$")
_MARKS = re.compile(r"(\*+\)?|[a-z]\))$")


@dataclass(frozen=True)
class Parsed:
    """What a printed cell says: a number (with its decimals), empty, or text.

    ``kind`` is "number", "empty" (nothing printed), "na" (a dash, ellipsis …: the
    printed mark is in ``note``) or "text". ``percent`` when a "%" was printed.
    """

    kind: str
    value: int | float | None = None
    decimals: int = 0
    percent: bool = False
    note: str = ""


def parse_number(text: str) -> Parsed:
    """Read one printed cell the Indonesian way; anything else is text."""
    raw = " ".join(text.split())
    if not raw:
        return Parsed("empty")
    if raw in NOT_AVAILABLE:
        return Parsed("na", note=raw)
    body, note = raw, ""
    mark = _MARKS.search(body)
    if mark and mark.start() > 0 and body[mark.start() - 1].isdigit():
        body, note = body[: mark.start()], mark.group(0)
    percent = body.endswith("%")
    body = body.rstrip("%").strip()
    negative = len(body) > 1 and body[0] in _MINUS
    if negative:
        body = body[1:].strip()
    if not (_THOUSANDS.match(body) or _PLAIN.match(body)):
        return Parsed("text")
    whole, _, fraction = body.replace(".", "").partition(",")
    value: int | float = float(f"{whole}.{fraction}") if fraction else int(whole)
    return Parsed(
        "number",
        -value if negative else value,
        decimals=len(fraction),
        percent=percent,
        note=note,
    )


def parse_figure(text: str) -> Parsed:
    """A cell of a figure column: as ``parse_number``, and a short mark without any digit
    (an "…" that OCR read as "we", say) counts as "not available", kept as printed."""
    parsed = parse_number(text)
    raw = text.strip()
    if parsed.kind == "text" and len(raw) <= 3 and not any(ch.isdigit() for ch in raw):
        return Parsed("na", note=raw)
    return parsed


def format_number(value: int | float, decimals: int = 0) -> str:
    """A number printed the Indonesian way (the inverse of ``parse_number``)."""
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):.{decimals}f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
