"""Snippets Meilisearch did not crop: the extra pages it listed by number only (see
``search_index.query``), cut here from the page text around the first match of the
query's words or of the synonyms it brings in (``search_index.synonyms``), escaped, with
those words and phrases marked. When the query has synonyms, a Meilisearch crop without
any ``<mark>`` is cut again the same way (a safety net: the pinned Meilisearch marks
synonyms in its crops). Pages found only through a typo show their opening words.
"""

from __future__ import annotations

from collections.abc import Sequence

from catalogue.models import Page
from portal.search.marking import mark_matches, match_pattern
from search_index.query import CROP_WORDS, PublicationHit
from search_index.synonyms import synonym_terms

LEAD_WORDS = 8
MARK = "<mark>"


def fill_snippets(publications: list[PublicationHit], q: str) -> None:
    synonyms = synonym_terms(q)
    missing = [
        page
        for p in publications
        for page in p.pages
        if page.snippet_html is None or (synonyms and MARK not in page.snippet_html)
    ]
    if not missing:
        return
    # Two IN lists (a small superset) build much faster than an OR of pairs.
    rows = Page.objects.filter(
        softcopy_id__in={p.softcopy_id for p in missing}, number__in={p.page for p in missing}
    ).values_list("softcopy_id", "number", "text")
    texts = {(softcopy_id, number): text for softcopy_id, number, text in rows}
    for page in missing:
        text = texts.get((page.softcopy_id, page.page))
        if text is None and page.snippet_html is not None:
            continue  # the page is gone from the database; keep Meilisearch's crop
        page.snippet_html = cropped(text or "", q, synonyms=synonyms)


def cropped(text: str, q: str, *, length: int = CROP_WORDS, synonyms: Sequence[str] = ()) -> str:
    """About ``length`` words around the first match of a query word (from the start of
    a word) or a synonym phrase, every match marked."""
    tokens = text.split()
    joined = " ".join(tokens)
    pattern = match_pattern(q, synonyms)
    match = pattern.search(joined) if pattern else None
    first = joined.count(" ", 0, match.start()) if match else 0
    start = max(0, first - LEAD_WORDS)
    window = " ".join(tokens[start : start + length])
    marked = mark_matches(window, pattern)
    return ("…" if start > 0 else "") + marked + ("…" if start + length < len(tokens) else "")
