"""Web edges of the portal: thin views that call selectors and services."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.health.checks import health_report


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Every component's state; 200 only when every required part is up, else 503."""
    report = health_report()
    return JsonResponse(report.as_dict(), status=200 if report.ok else 503)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")
