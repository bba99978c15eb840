"""The guestbook kiosk: a public screen with no login, Indonesian first.

The ticket shows the queue number and nothing else: whoever stands at the kiosk next may
read it, so no stored detail of any visitor is ever rendered here. The number travels to
the ticket page in a signed, short-lived token (no session row per visitor).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from common.language import in_language
from portal.visitors.kiosk_forms import GuestbookForm
from visitors.errors import DuplicateSubmitError, VisitorError
from visitors.services import guestbook_submit

TICKET_SALT = "pustaka.kiosk.ticket"
TICKET_MAX_AGE = 600  # seconds a ticket link stays readable
TICKET_SHOWN_SECONDS = 20  # then the kiosk returns to an empty form


def _ticket_redirect(queue_label: str, *, duplicate: bool) -> HttpResponse:
    token = signing.dumps({"q": queue_label, "d": duplicate}, salt=TICKET_SALT)
    return redirect("kiosk-ticket", token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def guestbook(request: HttpRequest) -> HttpResponse:
    form = GuestbookForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = guestbook_submit(**form.submission())
        except DuplicateSubmitError as error:
            return _ticket_redirect(error.queue_label, duplicate=True)
        except VisitorError as error:
            form.add_error(None, in_language(error))
        else:
            return _ticket_redirect(visit.queue_label, duplicate=False)
    return render(
        request,
        "portal/kiosk/guestbook.html",
        {
            "form": form,
            "retention_days": settings.VISITOR_RETENTION_DAYS,
            "service_minutes": f"{settings.SERVICE_LEVEL_SECONDS / 60:g}",
        },
        status=400 if form.is_bound else 200,
    )


def _fresh_form_url() -> str:
    """The empty form in the default language: every visitor starts in Indonesian."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("kiosk")


@never_cache
@require_GET
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    try:
        data = signing.loads(token, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        return redirect("kiosk")
    return render(
        request,
        "portal/kiosk/ticket.html",
        {
            "queue_label": str(data["q"]),
            "duplicate_message": in_language(DuplicateSubmitError) if data.get("d") else "",
            "seconds": TICKET_SHOWN_SECONDS,
            "reset_url": _fresh_form_url(),
        },
    )
