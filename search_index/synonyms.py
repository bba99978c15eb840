"""The synonyms a query brings in, so what they matched can be shown.

Meilisearch finds synonym matches (``synonyms.txt``, applied as index settings) but
highlights only the typed words. The snippets and the page viewer mark these terms
themselves; they come from the same file, read by the same parser
(``schema.read_synonyms``), so what is marked is exactly what was searched for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from search_index.schema import read_synonyms

MAX_TERMS = 20  # a query of many abbreviations still gives a bounded pattern


@lru_cache(maxsize=1)
def _mapping() -> dict[str, list[str]]:
    return read_synonyms()


def synonym_terms(q: str, mapping: dict[str, list[str]] | None = None) -> list[str]:
    """Lower-case synonyms of the words and phrases in ``q`` (not the typed terms
    themselves), longest first. "PDRB 2020" -> ["produk domestik regional bruto"]."""
    if mapping is None:
        # Asked several times per search (snippets, titles, viewer links): once per query.
        return list(_terms_of(q))
    return _synonym_terms(q, mapping)


@lru_cache(maxsize=1024)
def _terms_of(q: str) -> tuple[str, ...]:
    return tuple(_synonym_terms(q, _mapping()))


def _synonym_terms(q: str, groups: dict[str, list[str]]) -> list[str]:
    typed = " ".join(re.findall(r"\w+", q.lower()))
    if not typed:
        return []
    found: dict[str, None] = {}
    for term, others in groups.items():
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", typed):
            for other in others:
                if not re.search(rf"(?<!\w){re.escape(other)}(?!\w)", typed):
                    found[other] = None
    return sorted(found, key=lambda t: (-len(t), t))[:MAX_TERMS]
