"""Sign-in defences: lockout after repeated failures (django-axes), staff idle timeout.

Axes counts failed sign-ins per account (the login name as the form reads it) on both
sign-in pages, the staff page and the patrons' page, records every attempt in the
database (the audit), and after ``AXES_FAILURE_LIMIT`` failures refuses that account for
``AXES_COOLOFF_TIME`` with the page below, in Indonesian and English at once: whoever is
locked out may not read the language the page was set to.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.patrons.forms import login_name

LOCKOUT_ID = (
    "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci sementara: coba lagi "
    "dalam {minutes} menit, atau atur ulang kata sandi."
)
LOCKOUT_EN = (
    "Too many failed sign-in attempts. This account is locked for now: try again in "
    "{minutes} minutes, or reset your password."
)


def lockout_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    seconds = cooloff.total_seconds() if cooloff is not None else 15 * 60
    return max(1, round(seconds / 60))


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Axes' answer to a locked-out attempt: 429 with the message in both languages."""
    minutes = lockout_minutes()
    context = {
        "message_id": LOCKOUT_ID.format(minutes=minutes),
        "message_en": LOCKOUT_EN.format(minutes=minutes),
    }
    return render(request, "portal/accounts/locked_out.html", context, status=429)


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account an attempt is counted against, written as the sign-in form reads it."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return login_name(str(raw or ""))


class StaffIdleTimeoutMiddleware:
    """A staff session ends after ``STAFF_IDLE_SECONDS`` without a request.

    Desk PCs are shared: a forgotten staff session must not stay open for the next
    person. The session's server-side expiry is pushed forward at most once a minute
    (no database write on every request); patrons keep the normal session length.
    """

    REFRESH_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            seen = request.session.get("staff_seen", 0)
            if now - int(seen) >= self.REFRESH_SECONDS:
                request.session["staff_seen"] = now
                request.session.set_expiry(settings.STAFF_IDLE_SECONDS)
        return self.get_response(request)
