"""Searching the indexes: one ``multi_search`` round trip, grouped by publication.

For full text, two queries on the pages index travel together: one with
``distinct: publication_id`` ranks publications, gives totals and facets (one count per
publication) and the best page of each with a cropped, highlighted snippet; the other
lists the next best pages (numbers only: cropping costs about half a millisecond per
hit, so only the pages shown first are cropped by Meilisearch; the caller makes the
other snippets from the page text). Metadata-only search (readers who must sign in first for full
text) asks the publications index. Highlights come back with private marker
characters, are HTML-escaped, and only then become ``<mark>`` — snippets are safe HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError

from search_index.client import SearchConfig
from search_index.errors import SearchQueryError, SearchUnavailableError
from search_index.filters import all_of, one_of
from search_index.indexes import index_name
from search_index.schema import FACETS, PAGES, PUBLICATIONS

PRE, POST = "\ue000", "\ue001"  # private-use characters: never in catalogue text
CROP_WORDS = 28
PAGE_CANDIDATES = 60


@dataclass(frozen=True)
class SearchRequest:
    q: str
    filters: Mapping[str, Sequence[str | int]]  # attribute -> accepted values (FACETS)
    access_levels: Sequence[str] | None  # None: every level (staff)
    visible_only: bool  # hidden publications left out (everyone but staff)
    full_text: bool
    offset: int = 0
    limit: int = 10
    pages_per_publication: int = 3


@dataclass
class PageHit:
    softcopy_id: int
    page: int
    snippet_html: str | None  # None: not cropped by Meilisearch, the caller fills it in


@dataclass
class PublicationHit:
    id: int
    title_html: str
    hits: int
    pages: list[PageHit] = field(default_factory=list)
    subjects: list[str] | None = None  # as indexed; None when not known


@dataclass
class SearchResult:
    total: int
    publications: list[PublicationHit]
    facets: dict[str, dict[str, int]]
    processing_ms: int


def marked_html(text: str) -> str:
    """Escape everything, then turn the private markers into ``<mark>`` tags."""
    escaped = html.escape(text.replace("\n", " "), quote=False)
    return escaped.replace(PRE, "<mark>").replace(POST, "</mark>")


def _filter(request: SearchRequest, *, pages: bool, real_pages: bool = False) -> str | None:
    parts = [one_of(name, list(values)) for name, values in request.filters.items() if values]
    if request.visible_only:
        parts.append("visible = true")
    elif pages:  # staff: unattached softcopies cannot be grouped (search_uncatalogued)
        parts.append("publication_id > 0")
    if pages and request.access_levels is not None:
        parts.append(one_of("access_level", list(request.access_levels)))
    if real_pages:
        parts.append("page > 0")
    return all_of(parts)


def build_queries(config: SearchConfig, request: SearchRequest) -> list[dict[str, Any]]:
    """The ``multi_search`` body (also what the benchmark sends to raw Meilisearch)."""
    common: dict[str, Any] = {
        "q": request.q,
        "highlightPreTag": PRE,
        "highlightPostTag": POST,
    }
    if not request.full_text:
        return [
            {
                **common,
                "indexUid": index_name(config, PUBLICATIONS),
                "filter": _filter(request, pages=False),
                "facets": FACETS,
                "offset": request.offset,
                "limit": request.limit,
                "attributesToRetrieve": ["id", "subjects"],
                "attributesToHighlight": ["title"],
            }
        ]
    pages = index_name(config, PAGES)
    snippet = {
        "attributesToCrop": ["text"],
        "cropLength": CROP_WORDS,
        "cropMarker": "…",
        "attributesToHighlight": ["text", "record_title"],
    }
    return [
        {
            **common,
            **snippet,
            "indexUid": pages,
            "filter": _filter(request, pages=True),
            "distinct": "publication_id",
            "facets": FACETS,
            "offset": request.offset,
            "limit": request.limit,
            "attributesToRetrieve": ["publication_id", "softcopy_id", "page", "subjects"],
        },
        {
            "q": request.q,
            "indexUid": pages,
            "filter": _filter(request, pages=True, real_pages=True),
            "limit": PAGE_CANDIDATES,
            "attributesToRetrieve": ["publication_id", "softcopy_id", "page"],
        },
    ]


def run_search(
    client: meilisearch.Client, config: SearchConfig, request: SearchRequest
) -> SearchResult:
    """Ask Meilisearch once and shape the answer; raises SearchUnavailableError when down."""
    results = _multi_search(client, build_queries(config, request))
    ranked = results[0]
    publications = [_publication(hit) for hit in ranked["hits"]]
    if request.full_text:
        _attach_pages(publications, ranked["hits"], results[1]["hits"], request)
    facets = {
        name: {str(k): int(v) for k, v in values.items()}
        for name, values in (ranked.get("facetDistribution") or {}).items()
    }
    total = int(ranked.get("estimatedTotalHits") or ranked.get("totalHits") or 0)
    took = max(int(r.get("processingTimeMs") or 0) for r in results)
    return SearchResult(total, publications, facets, took)


def _publication(hit: dict[str, Any]) -> PublicationHit:
    identifier = hit["publication_id"] if "publication_id" in hit else hit["id"]
    formatted = hit.get("_formatted") or {}
    title = formatted.get("record_title") or formatted.get("title") or ""
    subjects = hit.get("subjects")
    return PublicationHit(
        id=int(identifier),
        title_html=marked_html(str(title)),
        hits=0,
        subjects=[str(s) for s in subjects] if isinstance(subjects, list) else None,
    )


def _page(hit: dict[str, Any]) -> PageHit:
    text = (hit.get("_formatted") or {}).get("text") or ""
    return PageHit(int(hit["softcopy_id"]), int(hit["page"]), marked_html(str(text)))


def _attach_pages(
    publications: list[PublicationHit],
    ranked_hits: list[dict[str, Any]],
    page_hits: list[dict[str, Any]],
    request: SearchRequest,
) -> None:
    by_id = {p.id: p for p in publications}
    for ranked, hit in zip(publications, ranked_hits, strict=True):
        if int(hit.get("page") or 0) > 0:  # its best document is a page, already cropped
            ranked.pages.append(_page(hit))
    for hit in page_hits:
        owner = by_id.get(int(hit["publication_id"]))
        if owner is None:
            continue
        owner.hits += 1
        key = (int(hit["softcopy_id"]), int(hit["page"]))
        if len(owner.pages) < request.pages_per_publication and key not in {
            (p.softcopy_id, p.page) for p in owner.pages
        }:
            owner.pages.append(PageHit(key[0], key[1], None))
    for publication in publications:
        publication.hits = max(publication.hits, len(publication.pages))


def suggest(client: meilisearch.Client, config: SearchConfig, request: SearchRequest) -> list[str]:
    """Words of the query that find something on their own, and close subject names."""
    words = [w for w in request.q.replace('"', " ").split() if len(w) > 2][:5]
    if not words:
        return []
    queries = [
        {**q, "q": w, "limit": 1, "facets": []}
        for w in words
        for q in build_queries(config, request)[:1]
    ]
    found = [
        w
        for w, r in zip(words, _multi_search(client, queries), strict=True)
        if r.get("estimatedTotalHits")
    ]
    try:
        facet = client.index(index_name(config, PUBLICATIONS)).facet_search(
            "subjects", request.q[:100]
        )
        subjects = [str(h["value"]) for h in facet.get("facetHits", [])[:3]]
    except (MeilisearchApiError, MeilisearchCommunicationError, OSError):
        subjects = []
    return list(dict.fromkeys([*found, *subjects]))[:5]


def _multi_search(client: meilisearch.Client, queries: list[dict[str, Any]]) -> list[Any]:
    try:
        return list(client.multi_search(queries)["results"])
    except MeilisearchApiError as exc:
        if exc.code in {"index_not_found"}:
            raise SearchUnavailableError(str(exc)) from exc
        raise SearchQueryError(str(exc)) from exc
    except (MeilisearchCommunicationError, OSError) as exc:
        raise SearchUnavailableError(str(exc)) from exc


def search_uncatalogued(
    client: meilisearch.Client, config: SearchConfig, q: str, *, limit: int = 5
) -> list[tuple[PageHit, str]]:
    """Best page of each softcopy not yet attached to a publication (``publication_id``
    0) for staff: (hit with a cropped, highlighted snippet, the softcopy's title)."""
    query = {
        "indexUid": index_name(config, PAGES),
        "q": q,
        "filter": all_of(["publication_id = 0", "page > 0"]),
        "distinct": "softcopy_id",
        "limit": limit,
        "highlightPreTag": PRE,
        "highlightPostTag": POST,
        "attributesToCrop": ["text"],
        "cropLength": CROP_WORDS,
        "cropMarker": "…",
        "attributesToHighlight": ["text"],
        "attributesToRetrieve": ["softcopy_id", "page", "title"],
    }
    hits = _multi_search(client, [query])[0]["hits"]
    return [(_page(hit), str(hit.get("title") or "")) for hit in hits]
