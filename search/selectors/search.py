"""The search selector: what the API, the search page and ``pustaka search`` answer.

One ``multi_search`` round trip to Meilisearch (see ``search_index.query``), then one
database query for the publications on the page (the truth for titles, URLs and a last
access check). Access is decided here, server-side, for the requesting user: staff see
everything, others only public publications and softcopies at their access level.
When Meilisearch is unreachable the answer comes from the database, marked
``"fallback": true`` with a bilingual notice.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from catalogue.models import Publication, Softcopy
from catalogue.selectors.access import (
    Reader,
    access_levels_for,
    reads_staff_files,
    sees_hidden_records,
)
from catalogue.selectors.tables import tables_matching
from search.config import search_client
from search.selectors.fallback import fallback_search
from search.selectors.marking import mark_matches, mark_words, match_pattern
from search.selectors.params import FACET_ATTRIBUTES, SearchParams
from search.selectors.snippets import fill_snippets
from search_index.errors import SearchIndexError
from search_index.query import PublicationHit, SearchRequest, run_search, suggest
from search_index.synonyms import synonym_terms

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


KIND_LABELS = {str(value): str(label) for value, label in Publication.Kind.choices}


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


def search(params: SearchParams, *, user: Reader) -> dict[str, Any]:
    """The API answer (contract v1) for this reader."""
    started = time.perf_counter()
    request = search_request(params, user)
    client, config = search_client(timeout=QUERY_TIMEOUT_SECONDS)
    fallback = False
    suggestions: list[str] = []
    try:
        result = run_search(client, config, request)
        total, hits, facets = result.total, result.publications, result.facets
        facets = {api: facets.get(attr, {}) for api, attr in FACET_ATTRIBUTES.items()}
        fill_snippets(hits, params.q)
        if total == 0 and params.q:
            suggestions = suggest(client, config, request)
    except SearchIndexError as exc:  # unreachable, or (a bug) a refused query
        logger.warning("search falls back to the database: %s", exc)
        fallback = True
        total, ids, facets = fallback_search(params, staff=sees_hidden_records(user))
        hits = [PublicationHit(id=i, title_html="", hits=0) for i in ids]
    publications = _present(hits, params, user=user)
    notice = FALLBACK_NOTICE if fallback else None
    if notice is None and not request.full_text:
        notice = LOGIN_NOTICE
    return {
        "query": params.q,
        "page": params.page,
        "per_page": params.per_page,
        "total": total,
        "pages_total": math.ceil(total / params.per_page) if total else 0,
        "processing_ms": round((time.perf_counter() - started) * 1000),
        "fallback": fallback,
        "notice": notice,
        "full_text": request.full_text and not fallback,
        "publications": publications,
        "facets": facets,
        "suggestions": suggestions,
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


def _present(
    hits: list[PublicationHit], params: SearchParams, *, user: Reader
) -> list[dict[str, Any]]:
    """Publications as the contract shows them, read from the database (plain values:
    this runs on every query). Each hit is checked against the database as it is now,
    so an access change hides a record or its pages at once, before the outbox has
    brought the index up to date."""
    ids = [h.id for h in hits]
    found = {
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
    shown = []
    for hit in hits:
        row = found.get(hit.id)
        if row is None or row["deleted_at"] is not None:
            continue  # removed since it was indexed; the outbox will catch up
        if not staff and row["visibility"] != Publication.Visibility.PUBLIC:
            continue
        hit.pages = [page for page in hit.pages if page.softcopy_id in readable]
        shown.append(_publication(row, subjects.get(hit.id, []), hit, params.q))
    return _with_tables(shown, params.q)


def _with_tables(shown: list[dict[str, Any]], q: str) -> list[dict[str, Any]]:
    """Each page hit that falls inside a table names it and links its spreadsheet."""
    pairs = {(p["softcopy_id"], p["page"]) for pub in shown for p in pub["pages"]}
    found = tables_matching(pairs, q)
    for pub in shown:
        for page in pub["pages"]:
            page["tables"] = [
                {
                    "id": t.pk,
                    "label": f"{_('Tabel')} {t.number}: {t.title}" if t.number else t.title,
                    "xlsx_url": _table_url(t.pk),
                    "download_label": _("Unduh tabel (Excel)"),
                }
                for t in found.get((page["softcopy_id"], page["page"]), [])
            ]
    return shown


def _table_url(table_id: int) -> str:
    try:
        return reverse("table-xlsx", args=[table_id])
    except NoReverseMatch:  # the table views are built separately; keep the agreed path
        return f"/publikasi/tabel/{table_id}.xlsx"


def _readable_softcopies(hits: list[PublicationHit], user: Reader) -> set[int]:
    """The softcopies among the page hits whose current access level this reader has."""
    ids = {page.softcopy_id for hit in hits for page in hit.pages}
    if not ids:
        return set()
    rows = Softcopy.objects.filter(pk__in=ids)
    if not reads_staff_files(user):
        rows = rows.filter(access_level__in=access_levels_for(user))
    return set(rows.values_list("pk", flat=True))


def _publication(
    row: dict[str, Any], subjects: list[str], hit: PublicationHit, q: str
) -> dict[str, Any]:
    pk = row["id"]
    return {
        "id": pk,
        "title": row["title"],
        "title_html": _title_html(row["title"], hit.title_html, q),
        "subtitle": row["subtitle"],
        "year": row["year"],
        "kind": row["kind"],
        "kind_label": KIND_LABELS.get(row["kind"], row["kind"]),
        "catalogue_number": row["catalogue_number"],
        "area_code": row["area_code"],
        "area_name": row["area_name"],
        "subjects": subjects,
        "url": reverse("publication-detail", args=[pk]),
        "cover_url": reverse("publication-cover", args=[pk]) if row["cover"] else "",
        "hits": hit.hits,
        "pages": [
            {
                "softcopy_id": page.softcopy_id,
                "page": page.page,
                "snippet_html": page.snippet_html or "",
                "viewer_url": viewer_url(page.softcopy_id, page.page, q),
            }
            for page in hit.pages
        ],
    }


def _title_html(title: str, found_html: str, q: str) -> str:
    """Meilisearch's highlighted title; when it marks nothing (found through a synonym,
    or the database fallback) the title with the query's synonyms marked too."""
    if "<mark>" in found_html:
        return found_html
    synonyms = synonym_terms(q)
    if synonyms:
        return mark_matches(title, match_pattern(q, synonyms))
    return found_html or mark_words(title, q)


def viewer_url(softcopy_id: int, page: int, q: str) -> str:
    try:
        base = reverse("search-viewer", args=[softcopy_id])
    except NoReverseMatch:  # the page is built separately; keep the agreed path
        base = f"/cari/baca/{softcopy_id}/"
    return f"{base}?{urlencode({'halaman': page, 'q': q})}"
