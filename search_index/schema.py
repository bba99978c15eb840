"""Index settings as versioned code: what is searchable, filterable, sortable, how it ranks.

Synonyms and stop words live in editable text files next to this module
(``synonyms.txt``, ``stopwords.txt``, shipped as package data by the ``*.txt`` rule in
pyproject.toml); they are read when settings are built, so an edit plus
``pustaka search-reindex`` applies them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent

PUBLICATIONS = "publications"
PAGES = "pages"
BASES = (PUBLICATIONS, PAGES)

RANKING_RULES = ["words", "typo", "proximity", "attribute", "sort", "exactness"]
TYPO_TOLERANCE: dict[str, Any] = {
    "enabled": True,
    # Short words (tables are full of codes and years) only tolerate typos from 5 letters.
    "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
    "disableOnNumbers": True,
    "disableOnAttributes": ["catalogue_number", "area_code"],
}
FACETS = ["year", "subjects", "area_code", "kind"]

_COMMON_FILTERS = [*FACETS, "visible", "publication_id"]

PUBLICATION_SETTINGS: dict[str, Any] = {
    "searchableAttributes": [
        "title",
        "subtitle",
        "subjects",
        "catalogue_number",
        "publication_number",
        "area_name",
        "abstract",
    ],
    "filterableAttributes": _COMMON_FILTERS,
    "sortableAttributes": ["year"],
    "displayedAttributes": ["*"],
}

# A page document carries its publication's metadata so one query filters and facets.
# ``page`` 0 is the publication's own record (``record_title``, abstract), so
# publications without a softcopy are found in the same ranked, paginated list as
# full-text hits; a page's ``title`` is shown, not searched (or every page would match).
PAGE_SETTINGS: dict[str, Any] = {
    "searchableAttributes": ["text", "record_title", "subtitle", "subjects", "catalogue_number"],
    "filterableAttributes": [*_COMMON_FILTERS, "softcopy_id", "access_level", "page"],
    "sortableAttributes": ["year", "page"],
    "displayedAttributes": ["*"],
    # Suggestions search subject names in the publications index; not needed here.
    "facetSearch": False,
}


def read_synonyms(path: Path | None = None) -> dict[str, list[str]]:
    """Mutual synonym groups ("a = b = c" per line) as Meilisearch's one-way mapping."""
    mapping: dict[str, list[str]] = {}
    for line in _lines(path or DATA_DIR / "synonyms.txt"):
        terms = [term.strip() for term in line.split("=") if term.strip()]
        for term in terms:
            others = [other for other in terms if other.lower() != term.lower()]
            known = mapping.setdefault(term.lower(), [])
            known.extend(other.lower() for other in others if other.lower() not in known)
    return mapping


def read_stop_words(path: Path | None = None) -> list[str]:
    return sorted({line.lower() for line in _lines(path or DATA_DIR / "stopwords.txt")})


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [s for s in (raw.strip() for raw in text.splitlines()) if s and not s.startswith("#")]


@lru_cache(maxsize=4)
def index_settings(base: str) -> dict[str, Any]:
    """Everything Meilisearch needs to know about one index, for one ``update_settings``."""
    specific = {PUBLICATIONS: PUBLICATION_SETTINGS, PAGES: PAGE_SETTINGS}[base]
    return {
        **specific,
        "rankingRules": RANKING_RULES,
        "typoTolerance": TYPO_TOLERANCE,
        "stopWords": read_stop_words(),
        "synonyms": read_synonyms(),
        "faceting": {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "count"}},
        "pagination": {"maxTotalHits": 10_000},
    }
