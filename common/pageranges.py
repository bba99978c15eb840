"""Page ranges as people write them, in one written format for every domain.

Written format: numbers or ``first-last`` ranges separated by a comma and a space, in
ascending order, each page once: ``"1-5, 9, 12-14"``. Read leniently: en or em dashes for
the hyphen, semicolons for commas, spaces around either, any order. Refused: page 0,
pages above ``MAX_PAGE``, a range running backwards, a page asked for twice (overlapping
or repeated ranges), anything else (letters, ``1 5``, ``1,,2``, ``1-``). Empty text means
"the whole publication" where a caller allows it (``required=False``).
"""

from __future__ import annotations

import itertools
import re

from common.errors import PageRangeError, PustakaError

MAX_PAGE = 9999
_RANGE = re.compile(r"([0-9]{1,5})(?:\s*[-–—]\s*([0-9]{1,5}))?", re.ASCII)

PageRanges = list[tuple[int, int]]


def parse_page_ranges(
    text: str, *, required: bool = True, error: type[PustakaError] = PageRangeError
) -> PageRanges:
    """``"12-14; 1–5, 9"`` → ``[(1, 5), (9, 9), (12, 14)]``; ``[]`` for empty text when not
    ``required``. Raises ``error`` (the caller's own class) for anything else."""
    parts = [part.strip() for part in re.split(r"[,;]", text or "")]
    if not any(parts):
        if required:
            raise error("empty")
        return []
    ranges: PageRanges = []
    for part in parts:
        match = _RANGE.fullmatch(part)
        if match is None:
            raise error(f"cannot read {part[:20]!r}")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if not 1 <= first <= last <= MAX_PAGE:
            raise error(f"{first}-{last}: pages run from 1 to {MAX_PAGE}, low to high")
        ranges.append((first, last))
    ranges.sort()
    for (_, end), (start, _) in itertools.pairwise(ranges):
        if start <= end:
            raise error(f"page {start} is asked for twice")
    return ranges


def format_page_ranges(ranges: PageRanges) -> str:
    """The written format: ``[(1, 5), (9, 9)]`` → ``"1-5, 9"``."""
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def normalise_page_ranges(
    text: str, *, required: bool = False, error: type[PustakaError] = PageRangeError
) -> str:
    """Check a page range and return it in the written format (``""`` = every page)."""
    return format_page_ranges(parse_page_ranges(text, required=required, error=error))


def page_count(ranges: PageRanges) -> int:
    return sum(b - a + 1 for a, b in ranges)
