"""Page ranges as librarians write them ("1-5,9"; empty means the whole publication)."""

from __future__ import annotations

import re

from scanning.errors import InvalidPagesError

MAX_PAGE = 10_000
_ITEM = re.compile(r"^(\d{1,5})(?:-(\d{1,5}))?$")


def normalise_pages(text: str) -> str:
    """Check a page range and return it in one canonical spelling ("1-5,9")."""
    compact = re.sub(r"\s+", "", text or "")
    if not compact:
        return ""
    items = []
    for part in compact.split(","):
        match = _ITEM.match(part)
        if match is None:
            raise InvalidPagesError(f"{part!r}")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if not 1 <= first <= last <= MAX_PAGE:
            raise InvalidPagesError(f"{part!r}")
        items.append(str(first) if first == last else f"{first}-{last}")
    return ",".join(items)
