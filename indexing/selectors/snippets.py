"""Snippets for the extra pages Meilisearch listed without cropping them (see
``search_index.query``): cut from the page text around the first query word, escaped,
with the query's words marked. Typos and synonyms are matched by Meilisearch, not here:
such a page shows its opening words instead."""

from __future__ import annotations

import re

from catalogue.models import Page
from indexing.selectors.fallback import mark_words, words_of
from search_index.query import CROP_WORDS, PublicationHit

LEAD_WORDS = 8
_EDGE = re.compile(r"^\W+|\W+$")


def fill_snippets(publications: list[PublicationHit], q: str) -> None:
    missing = [page for p in publications for page in p.pages if page.snippet_html is None]
    if not missing:
        return
    # Two IN lists (a small superset) build much faster than an OR of pairs.
    rows = Page.objects.filter(
        softcopy_id__in={p.softcopy_id for p in missing}, number__in={p.page for p in missing}
    ).values_list("softcopy_id", "number", "text")
    texts = {(softcopy_id, number): text for softcopy_id, number, text in rows}
    for page in missing:
        page.snippet_html = cropped(texts.get((page.softcopy_id, page.page), ""), q)


def cropped(text: str, q: str, *, length: int = CROP_WORDS) -> str:
    """About ``length`` words around the first word that starts with a query word."""
    tokens = text.split()
    terms = [w.lower() for w in words_of(q) if len(w) >= 2]
    first = next(
        (
            i
            for i, token in enumerate(tokens)
            if any(_EDGE.sub("", token.lower()).startswith(t) for t in terms)
        ),
        0,
    )
    start = max(0, first - LEAD_WORDS)
    window = " ".join(tokens[start : start + length])
    marked = mark_words(window, q)
    return ("…" if start > 0 else "") + marked + ("…" if start + length < len(tokens) else "")
