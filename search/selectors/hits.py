"""The search selector: what this reader may find — the one access rule for search hits.

One ``multi_search`` round trip to Meilisearch (see ``search_index.query``), then one
database query for the publications on the page (the truth for titles and a last access
check). Access is decided here, server-side, for the requesting user: staff see
everything, others only public publications and softcopies at their access level, so an
access change hides a record or its pages at once, before the outbox has brought the
index up to date. When Meilisearch is unreachable the answer comes from the database,
marked ``fallback`` with a bilingual notice.

What a reader is shown (URLs, marked snippets and titles, labels) is built at the portal
edge from this result: ``portal/search/answer.py``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from catalogue.models import PageTable, Publication, Softcopy
from catalogue.selectors.access import (
    Reader,
    access_levels_for,
    reads_staff_files,
    sees_hidden_records,
)
from catalogue.selectors.tables import tables_matching
from search.config import search_client
from search.selectors.fallback import fallback_search
from search.selectors.params import FACET_ATTRIBUTES, SearchParams
from search_index.errors import SearchIndexError
from search_index.query import PublicationHit, SearchRequest, run_search, suggest

logger = logging.getLogger(__name__)
QUERY_TIMEOUT_SECONDS = 2

FALLBACK_NOTICE = {
    "id": "Pencarian teks lengkap sedang tidak tersedia; hasil dari judul dan metadata.",
    "en": "Full-text search is unavailable right now; results come from titles and metadata.",
}
LOGIN_NOTICE = {
    "id": "Masuk untuk mencari di dalam isi halaman publikasi; "
    "tanpa masuk, pencarian hanya pada judul dan metadata.",
    "en": "Sign in to search inside the pages of publications; "
    "without signing in, search covers titles and metadata only.",
}

PRESENTED_FIELDS = (
    "id",
    "title",
    "subtitle",
    "year",
    "kind",
    "catalogue_number",
    "area_code",
    "area_name",
    "cover",
    "visibility",
    "deleted_at",
)


@dataclass
class FoundPublication:
    """A publication this reader may see: its database row (``PRESENTED_FIELDS``), its
    subjects, and the index's hit with its pages cut to the softcopies they may read."""

    row: dict[str, Any]
    subjects: list[str]
    hit: PublicationHit


@dataclass
class SearchResult:
    total: int
    publications: list[FoundPublication]
    facets: dict[str, Any]
    fallback: bool = False
    notice: dict[str, str] | None = None
    full_text: bool = False
    suggestions: list[str] = field(default_factory=list)
    # (softcopy id, page) -> the statistical tables on that page matching the query
    tables: dict[tuple[int, int], list[PageTable]] = field(default_factory=dict)


def full_text_allowed(user: Reader) -> bool:
    requires = settings.SEARCH_FULLTEXT_REQUIRES_LOGIN
    return not requires or bool(user is not None and user.is_authenticated)


def search_request(params: SearchParams, user: Reader) -> SearchRequest:
    return SearchRequest(
        q=params.q,
        filters=params.filters(),
        access_levels=None if reads_staff_files(user) else access_levels_for(user),
        visible_only=not sees_hidden_records(user),
        full_text=full_text_allowed(user),
        offset=(params.page - 1) * params.per_page,
        limit=params.per_page,
    )


def search_hits(params: SearchParams, *, user: Reader) -> SearchResult:
    """What this reader finds for ``params``: from Meilisearch, or the database when it
    cannot answer, always checked against the database as it is now."""
    request = search_request(params, user)
    client, config = search_client(timeout=QUERY_TIMEOUT_SECONDS)
    fallback = False
    suggestions: list[str] = []
    try:
        result = run_search(client, config, request)
        total, hits, facets = result.total, result.publications, result.facets
        facets = {api: facets.get(attr, {}) for api, attr in FACET_ATTRIBUTES.items()}
        if total == 0 and params.q:
            suggestions = suggest(client, config, request)
    except SearchIndexError as exc:  # unreachable, or (a bug) a refused query
        logger.warning("search falls back to the database: %s", exc)
        fallback = True
        total, ids, facets = fallback_search(params, staff=sees_hidden_records(user))
        hits = [PublicationHit(id=i, title_html="", hits=0) for i in ids]
    found = readable_publications(hits, user=user)
    notice = FALLBACK_NOTICE if fallback else None
    if notice is None and not request.full_text:
        notice = LOGIN_NOTICE
    pairs = {(p.softcopy_id, p.page) for f in found for p in f.hit.pages}
    return SearchResult(
        total=total,
        publications=found,
        facets=facets,
        fallback=fallback,
        notice=notice,
        full_text=request.full_text and not fallback,
        suggestions=suggestions,
        tables=tables_matching(pairs, params.q),
    )


def readable_publications(hits: list[PublicationHit], *, user: Reader) -> list[FoundPublication]:
    """The hits this reader may see, read from the database (plain values: this runs on
    every query); deleted or hidden records dropped, pages cut to readable softcopies."""
    ids = [h.id for h in hits]
    rows = {
        row["id"]: row for row in Publication.objects.filter(pk__in=ids).values(*PRESENTED_FIELDS)
    }
    subjects = {h.id: h.subjects for h in hits if h.subjects is not None}
    if len(subjects) < len(hits):  # the database fallback: read them
        links = Publication.subjects.through.objects.filter(publication_id__in=ids)
        for publication_id, name in links.order_by("subject__name").values_list(
            "publication_id", "subject__name"
        ):
            subjects.setdefault(publication_id, []).append(name)
    staff = sees_hidden_records(user)
    readable = _readable_softcopies(hits, user)
    found = []
    for hit in hits:
        row = rows.get(hit.id)
        if row is None or row["deleted_at"] is not None:
            continue  # removed since it was indexed; the outbox will catch up
        if not staff and row["visibility"] != Publication.Visibility.PUBLIC:
            continue
        hit.pages = [page for page in hit.pages if page.softcopy_id in readable]
        found.append(FoundPublication(row, subjects.get(hit.id, []), hit))
    return found


def _readable_softcopies(hits: list[PublicationHit], user: Reader) -> set[int]:
    """The softcopies among the page hits whose current access level this reader has."""
    ids = {page.softcopy_id for hit in hits for page in hit.pages}
    if not ids:
        return set()
    rows = Softcopy.objects.filter(pk__in=ids)
    if not reads_staff_files(user):
        rows = rows.filter(access_level__in=access_levels_for(user))
    return set(rows.values_list("pk", flat=True))
