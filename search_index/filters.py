"""Filter expressions built from values that are always quoted and escaped.

A value is never pasted into a filter: ``2019 OR access_level = staff`` becomes the
string literal ``"2019 OR access_level = staff"``, which matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ATTRIBUTE = re.compile(r"^[a-z_][a-z0-9_]*$")


def quote(value: object) -> str:
    """A Meilisearch string literal: backslashes and double quotes escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _attribute(name: str) -> str:
    if not _ATTRIBUTE.match(name):  # attributes come from code, but check anyway
        raise ValueError(f"not an attribute name: {name!r}")
    return name


def equals(name: str, value: object) -> str:
    return f"{_attribute(name)} = {quote(value)}"


def one_of(name: str, values: Sequence[object]) -> str:
    if not values:
        raise ValueError("one_of needs at least one value")
    return f"{_attribute(name)} IN [{', '.join(quote(v) for v in values)}]"


def all_of(parts: Sequence[str]) -> str | None:
    """Join expressions with AND, each in brackets; None when there are none."""
    kept = [p for p in parts if p]
    return " AND ".join(f"({p})" for p in kept) if kept else None
