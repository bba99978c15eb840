"""Web edges of the portal: thin views that call selectors and services."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.health.checks import health_report


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Every component's state; 200 only when every required part is up, else 503.

    Versions, internal addresses and worker names are for staff and for the machine
    itself (a monitor on localhost); everyone else gets the plain status and its code.
    """
    report = health_report()
    status = 200 if report.ok else 503
    if not may_see_health_details(request):
        return JsonResponse({"status": "ok" if report.ok else "down"}, status=status)
    return JsonResponse(report.as_dict(), status=status)


def may_see_health_details(request: HttpRequest) -> bool:
    """Signed-in staff, or a caller on this machine that came through no proxy (behind a
    reverse proxy every visitor would look local)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active and user.is_staff:
        return True
    proxied = "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REAL_IP" in request.META
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return not proxied and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")
