"""When Meilisearch cannot answer: a database query on titles and metadata.

Slower and without page hits or typo tolerance, but the catalogue stays searchable.
The same access rule applies (hidden and deleted publications only for staff).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Count, Q, QuerySet

from catalogue.models import Publication
from search.selectors.params import SearchParams

MAX_WORDS = 8


def fallback_query(params: SearchParams, *, staff: bool) -> QuerySet[Publication]:
    rows = Publication.objects.live()
    if not staff:
        rows = rows.filter(visibility=Publication.Visibility.PUBLIC)
    for word in words_of(params.q):
        rows = rows.filter(
            Q(title__icontains=word)
            | Q(subtitle__icontains=word)
            | Q(abstract__icontains=word)
            | Q(catalogue_number__icontains=word)
            | Q(area_name__icontains=word)
            | Q(subjects__name__icontains=word)
        )
    if params.years:
        rows = rows.filter(year__in=params.years)
    if params.subjects:
        rows = rows.filter(subjects__name__in=params.subjects)
    if params.areas:
        rows = rows.filter(area_code__in=params.areas)
    if params.kinds:
        rows = rows.filter(kind__in=params.kinds)
    return rows.distinct()


def fallback_search(params: SearchParams, *, staff: bool) -> tuple[int, list[int], dict[str, Any]]:
    """(total, publication ids of the requested page, facets) from the database."""
    rows = fallback_query(params, staff=staff)
    total = rows.count()
    start = (params.page - 1) * params.per_page
    ids = list(
        rows.order_by("-year", "title", "pk").values_list("pk", flat=True)[
            start : start + params.per_page
        ]
    )
    matching = Publication.objects.filter(pk__in=rows.values("pk"))
    facets: dict[str, dict[str, int]] = {}
    for name, column in (
        ("year", "year"),
        ("subject", "subjects__name"),
        ("area", "area_code"),
        ("kind", "kind"),
    ):
        counts = (
            matching.exclude(**{f"{column}__isnull": True})
            .values(column)
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n")[:100]
        )
        facets[name] = {str(c[column]): int(c["n"]) for c in counts if c[column] not in ("", None)}
    return total, ids, facets


def words_of(q: str) -> list[str]:
    return [w for w in re.split(r"[\s\"']+", q) if w][:MAX_WORDS]
