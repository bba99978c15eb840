"""What every agent API view shares: token auth, JSON bodies, errors as contract JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from catalogue.errors import CatalogueError
from scanning.errors import BadRequestError, ScanningError
from scanning.models import Station
from scanning.services.stations import station_authenticate

AgentView = Callable[..., HttpResponse]


def error_response(error: ScanningError | CatalogueError) -> JsonResponse:
    return JsonResponse(error.user_message(), status=error.http_status)


def _bad_method(allowed: list[str]) -> JsonResponse:
    response = error_response(BadRequestError(f"method not allowed; use {', '.join(allowed)}"))
    response.status_code = 405
    response["Allow"] = ", ".join(allowed)
    return response


def agent_endpoint(**handlers: Callable[..., HttpResponse]) -> AgentView:
    """One URL, a handler per HTTP method (``get=…, post=…``), each given the station.

    Agents are programs, not browsers: no session, no CSRF cookie; a Bearer token instead.
    """

    @csrf_exempt
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        handler = handlers.get((request.method or "").lower())
        try:
            station = _station(request)
            if handler is None:
                return _bad_method(sorted(m.upper() for m in handlers))
            return handler(request, station, **kwargs)
        except (ScanningError, CatalogueError) as exc:
            return error_response(exc)

    return view


def _station(request: HttpRequest) -> Station:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return station_authenticate(token=token.strip() if scheme.lower() == "bearer" else "")


def json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequestError(f"body is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise BadRequestError("body must be a JSON object")
    return data


_MISSING: Any = object()


def field(
    data: dict[str, Any], name: str, kind: type, *, default: Any = _MISSING, null: bool = False
) -> Any:
    """One typed field of a JSON body, or a 400 that names it."""
    if name not in data:
        if default is _MISSING:
            raise BadRequestError(f"{name}: required")
        return default
    value = data[name]
    if value is None and null:
        return None
    wrong_int = kind is int and isinstance(value, bool)  # JSON true is not a number here
    if wrong_int or not isinstance(value, kind):
        raise BadRequestError(f"{name}: must be {'an integer' if kind is int else 'a string'}")
    return value
