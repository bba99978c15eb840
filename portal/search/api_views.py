"""``GET /api/v1/search``: a thin edge over the search selector (contract v1).

The master key never leaves the server: the browser asks this view, which filters by
the requesting user's access before anything is returned.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from portal.search.answer import search, with_uncatalogued
from search.errors import SearchError
from search.selectors.params import parse_params


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    try:
        params = parse_params(request.GET.getlist)
        answer = with_uncatalogued(search(params, user=request.user), params.q, user=request.user)
    except SearchError as exc:
        return JsonResponse(exc.user_message(), status=exc.http_status)
    response = JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"  # answers depend on who asks
    return response
