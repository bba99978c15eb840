"""The search answer as readers get it (contract v1 of ``GET /api/v1/search``, the search
page and ``pustaka search``): the domain's access-checked hits (``search.selectors.hits``)
dressed for the edge — URLs, marked titles and snippets, labels.
"""

from __future__ import annotations

import math
import time
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from catalogue.models import PageTable, Publication
from catalogue.selectors.access import Reader
from portal.search.marking import mark_matches, mark_words, match_pattern
from portal.search.snippets import fill_snippets
from search.selectors.hits import FoundPublication, search_hits
from search.selectors.params import SearchParams
from search.selectors.uncatalogued import UncataloguedHit, sees_uncatalogued, uncatalogued_found
from search_index.synonyms import synonym_terms

KIND_LABELS = {str(value): str(label) for value, label in Publication.Kind.choices}
UNCATALOGUED_LABEL = {"id": "belum dikatalogkan", "en": "not yet catalogued"}


def search(params: SearchParams, *, user: Reader) -> dict[str, Any]:
    """The API answer (contract v1) for this reader."""
    started = time.perf_counter()
    result = search_hits(params, user=user)
    if not result.fallback:
        fill_snippets([found.hit for found in result.publications], params.q)
    publications = [_publication(found, params.q, result.tables) for found in result.publications]
    total = result.total
    return {
        "query": params.q,
        "page": params.page,
        "per_page": params.per_page,
        "total": total,
        "pages_total": math.ceil(total / params.per_page) if total else 0,
        "processing_ms": round((time.perf_counter() - started) * 1000),
        "fallback": result.fallback,
        "notice": result.notice,
        "full_text": result.full_text,
        "publications": publications,
        "facets": result.facets,
        "suggestions": result.suggestions,
    }


def with_uncatalogued(answer: dict[str, Any], q: str, *, user: Reader) -> dict[str, Any]:
    """The search answer with its ``uncatalogued`` list, for readers who may see it."""
    if sees_uncatalogued(user):
        answer["uncatalogued"] = [_uncatalogued(hit, q) for hit in uncatalogued_found(q, user=user)]
    return answer


def _publication(
    found: FoundPublication, q: str, tables: dict[tuple[int, int], list[PageTable]]
) -> dict[str, Any]:
    row, hit = found.row, found.hit
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
        "subjects": found.subjects,
        "url": reverse("publication-detail", args=[pk]),
        "cover_url": reverse("publication-cover", args=[pk]) if row["cover"] else "",
        "hits": hit.hits,
        "pages": [
            {
                "softcopy_id": page.softcopy_id,
                "page": page.page,
                "snippet_html": page.snippet_html or "",
                "viewer_url": viewer_url(page.softcopy_id, page.page, q),
                "tables": [_table(t) for t in tables.get((page.softcopy_id, page.page), [])],
            }
            for page in hit.pages
        ],
    }


def _table(table: PageTable) -> dict[str, Any]:
    """A table the page hit falls inside: its name and its spreadsheet."""
    return {
        "id": table.pk,
        "label": f"{_('Tabel')} {table.number}: {table.title}" if table.number else table.title,
        "xlsx_url": _table_url(table.pk),
        "download_label": _("Unduh tabel (Excel)"),
    }


def _table_url(table_id: int) -> str:
    try:
        return reverse("table-xlsx", args=[table_id])
    except NoReverseMatch:  # the table views are built separately; keep the agreed path
        return f"/publikasi/tabel/{table_id}.xlsx"


def _title_html(title: str, found_html: str, q: str) -> str:
    """Meilisearch's highlighted title; when it marks nothing (found through a synonym,
    or the database fallback) the title with the query's synonyms marked too."""
    if "<mark>" in found_html:
        return found_html
    synonyms = synonym_terms(q)
    if synonyms:
        return mark_matches(title, match_pattern(q, synonyms))
    return found_html or mark_words(title, q)


def _uncatalogued(hit: UncataloguedHit, q: str) -> dict[str, Any]:
    try:
        inbox_url = reverse("staff-inbox-item", args=[hit.softcopy_id])
    except NoReverseMatch:
        inbox_url = ""
    snippet = hit.snippet_html if hit.snippet_html is not None else mark_words(hit.text, q)
    return {
        "softcopy_id": hit.softcopy_id,
        "title": hit.title,
        "page": hit.page,
        "snippet_html": snippet or "",
        "viewer_url": viewer_url(hit.softcopy_id, hit.page, q),
        "inbox_url": inbox_url,
        "label": UNCATALOGUED_LABEL,
    }


def viewer_url(softcopy_id: int, page: int, q: str) -> str:
    try:
        base = reverse("search-viewer", args=[softcopy_id])
    except NoReverseMatch:  # the page is built separately; keep the agreed path
        base = f"/cari/baca/{softcopy_id}/"
    return f"{base}?{urlencode({'halaman': page, 'q': q})}"
