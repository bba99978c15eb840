"""The search page's first page of results, from the selector that answers the API.

The page and ``GET /api/v1/search`` call the same ``portal.search.answer.search``
with the same parameters and the same user, so the page without JavaScript, its script
(which asks the API) and the API can never disagree on what a query returns or on what
this reader may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from portal.search.answer import search, with_uncatalogued
from search.errors import SearchError
from search.selectors.hits import full_text_allowed
from search.selectors.params import parse_params

FACETS = ("year", "subject", "area", "kind")


@dataclass
class SearchAnswer:
    """The selector's answer (contract v1 JSON shape), or its bilingual error."""

    data: dict[str, Any] = field(default_factory=dict)
    error: dict[str, str] | None = None


def search_answer(request: HttpRequest) -> SearchAnswer:
    """Answer this request's query string for this reader, as the API would."""
    try:
        params = parse_params(request.GET.getlist)
        answer = search(params, user=request.user)
        return SearchAnswer(data=with_uncatalogued(answer, params.q, user=request.user))
    except SearchError as exc:
        return SearchAnswer(error=exc.user_message())


def selected_filters(request: HttpRequest) -> dict[str, list[str]]:
    """The facet values the reader picked (each facet may repeat), without blanks."""
    return {
        name: [value for value in request.GET.getlist(name) if value.strip()] for name in FACETS
    }


def has_query(request: HttpRequest) -> bool:
    """Whether the reader asked anything: words or at least one facet value."""
    return bool(request.GET.get("q", "").strip()) or any(selected_filters(request).values())


def fulltext_needs_login(request: HttpRequest) -> bool:
    """Whether signing in would add page hits (the setting, for an anonymous reader)."""
    return not full_text_allowed(request.user)
