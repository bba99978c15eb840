"""Marking what a query matched in text we cut ourselves: the typed words (as
Meilisearch does, from the start of a word) and the synonyms the query brought in
(``search_index.synonyms``), which Meilisearch finds but does not highlight.

Output keeps the ``*_html`` contract: escaped text plus ``<mark>`` tags only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from search.selectors.fallback import words_of


def match_pattern(q: str, synonyms: Sequence[str]) -> re.Pattern[str] | None:
    """Synonyms as whole words/phrases (any run of spaces between their words), typed
    words from the start of a word; longest first so a phrase wins over its parts."""
    parts = [
        (len(term), r"(?<!\w)" + r"\s+".join(re.escape(w) for w in term.split()) + r"(?!\w)")
        for term in synonyms
        if term.strip()
    ]
    parts += [(len(w), r"(?<!\w)" + re.escape(w)) for w in words_of(q) if len(w) >= 2]
    if not parts:
        return None
    ordered = sorted(parts, key=lambda part: -part[0])
    return re.compile("|".join(pattern for _, pattern in ordered), re.IGNORECASE)


def mark_matches(text: str, pattern: re.Pattern[str] | None) -> str:
    """Escaped ``text`` with every match of ``pattern`` wrapped in ``<mark>``."""
    if pattern is None:
        return html.escape(text, quote=False)
    out, last = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        out.append(html.escape(text[last : match.start()], quote=False))
        out.append(f"<mark>{html.escape(match.group(0), quote=False)}</mark>")
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def mark_words(text: str, q: str) -> str:
    """Escaped ``text`` with the query's words marked wherever they occur (titles
    Meilisearch did not highlight, and the database fallback)."""
    words = sorted(words_of(q), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    return mark_matches(text, pattern)


def mark_synonyms(text: str, synonyms: Sequence[str]) -> str:
    """Escaped ``text`` with only the synonym terms marked (titles Meilisearch found
    through a synonym come back without any ``<mark>``)."""
    return mark_matches(text, match_pattern("", synonyms))
