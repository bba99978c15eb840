"""The frontline desk: the live queue and the officer's steps on a visit.

Every step is a POST that calls one visitor service with ``officer=request.user`` and
redirects back with a message: the success, or the domain's error in the active language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalogue.selectors.publications import publications_by_title
from common.language import in_language
from portal.visitors import labels
from portal.visitors.access import desk_required, officer_of
from portal.visitors.at_desk import at_desk_context
from portal.visitors.forms import (
    LockerAssignForm,
    PhotocopyForm,
    PublicationSearchForm,
    ReadingForm,
)
from portal.visitors.reads import copies_in_hand, holding_get, photocopy_get, reading_get, visit_get
from visitors.errors import VisitorError
from visitors.models import Visit
from visitors.selectors import (
    QueueEntry,
    copies_on_shelf,
    queue_waiting,
)
from visitors.services import (
    locker_assign,
    locker_release,
    photocopy_done,
    photocopy_issue,
    reading_return,
    reading_start,
    visit_check_out,
    visit_finish_service,
    visit_start_service,
)

# step name -> (service taking visit=, officer=; message on success)
STEPS: dict[str, tuple[Callable[..., Any], Promise]] = {
    "start": (visit_start_service, _("Nomor %(label)s mulai dilayani.")),
    "finish": (visit_finish_service, _("Layanan untuk nomor %(label)s selesai.")),
    "release": (
        locker_release,
        _("Kartu identitas nomor %(label)s dikembalikan dan lokernya dikosongkan."),
    ),
    "check_out": (visit_check_out, _("Nomor %(label)s sudah pulang.")),
}


def _millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _back(request: HttpRequest) -> str:
    """Where a step returns to: the page it was pressed on, else the queue."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("desk-queue")


def _queue_context(now: datetime) -> dict[str, Any]:
    amber, red = settings.QUEUE_AMBER_SECONDS, settings.SERVICE_LEVEL_SECONDS
    return {
        "amber_seconds": amber,
        "red_seconds": red,
        "amber_minutes": f"{amber / 60:g}",
        "red_minutes": f"{red / 60:g}",
        "now_ms": _millis(now),
        "priority_choices": labels.choices(labels.PRIORITY),
    }


@desk_required
@never_cache
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "portal/desk/queue.html",
        {
            **_queue_context(now),
            "waiting": [_entry_json(entry) for entry in queue_waiting(now=now)],
            **at_desk_context(),
        },
    )


def _clock(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"


def _entry_json(entry: QueueEntry) -> dict[str, Any]:
    visit = entry.visit
    return {
        "id": visit.pk,
        "queue_label": visit.queue_label,
        "name": visit.visitor.name,
        "service": str(labels.SERVICE.get(visit.service, visit.service)),
        "purpose": str(labels.PURPOSE.get(visit.purpose, visit.purpose)),
        "people": visit.people,
        "guestbook_at": visit.guestbook_at.isoformat(),
        "guestbook_ms": _millis(visit.guestbook_at),
        "waited_seconds": entry.waited_seconds,
        "waited_clock": _clock(entry.waited_seconds),
        "level": entry.level,
        "priority_code": visit.priority,
        "priority": str(labels.PRIORITY[visit.priority]) if visit.priority else "",
        "urls": {
            "start": reverse("desk-start", args=[visit.pk]),
            "check_out": reverse("desk-check-out", args=[visit.pk]),
            "priority": reverse("desk-priority", args=[visit.pk]),
        },
    }


@desk_required
@never_cache
@require_GET
def queue_json(request: HttpRequest) -> JsonResponse:
    """The waiting queue for the page's poller; timers tick in the browser from ``guestbook_ms``.

    ``at_desk_signature`` tells the poller whether to fetch the "at the desk" section anew.
    """
    now = timezone.now()
    return JsonResponse(
        {
            "now": now.isoformat(),
            **_queue_context(now),
            "waiting": [_entry_json(entry) for entry in queue_waiting(now=now)],
            "at_desk_signature": at_desk_context()["at_desk_signature"],
        }
    )


@desk_required
@require_POST
def visit_step(request: HttpRequest, visit_id: int, step: str) -> HttpResponse:
    """Start service, finish, release locker + ID card, or check out."""
    service, done = STEPS[step]
    visit = visit_get(visit_id)
    try:
        service(visit=visit, officer=officer_of(request))
    except VisitorError as error:
        messages.error(request, in_language(error))
    else:
        messages.success(request, str(done) % {"label": visit.queue_label})
    return redirect(_back(request))


@desk_required
@require_POST
def locker_assign_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Record the ID card as received and give a locker (the chosen one or the lowest free)."""
    visit = visit_get(visit_id)
    form = LockerAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Loker itu tidak ada."))
        return redirect(_back(request))
    try:
        locker = locker_assign(
            visit=visit, officer=officer_of(request), locker=form.cleaned_data["locker"]
        )
    except VisitorError as error:
        messages.error(request, in_language(error))
    else:
        messages.success(
            request,
            gettext("Kartu identitas nomor %(label)s diterima; loker %(locker)s diberikan.")
            % {"label": visit.queue_label, "locker": locker.number},
        )
    return redirect(_back(request))


def _pick_page(
    request: HttpRequest,
    visit: Visit,
    template: str,
    form: Any,
    *,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    search = PublicationSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    return render(
        request,
        template,
        {
            "visit": visit,
            "search": search,
            "query": query,
            "results": publications_by_title(query),
            "form": form,
            **(extra or {}),
        },
        status=status,
    )


def _photocopy_page(
    request: HttpRequest, visit: Visit, form: PhotocopyForm, *, status: int = 200
) -> HttpResponse:
    """The publication search, plus the copies this visitor reads: one may go along."""
    in_hand = {"copies_in_hand": copies_in_hand(visit)}
    template = "portal/desk/photocopy.html"
    return _pick_page(request, visit, template, form, status=status, extra=in_hand)


def _reading_page(
    request: HttpRequest, visit: Visit, form: ReadingForm, *, status: int = 200
) -> HttpResponse:
    search = PublicationSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    results = publications_by_title(query)
    copies = copies_on_shelf(results)
    return render(
        request,
        "portal/desk/reading.html",
        {
            "visit": visit,
            "search": search,
            "query": query,
            "results": [(publication, copies[publication.pk]) for publication in results],
            "form": form,
        },
        status=status,
    )


@desk_required
@require_http_methods(["GET", "POST"])
def reading(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Hand a printed copy to the visitor: by its barcode, or from a title's copies."""
    visit = visit_get(visit_id)
    if request.method == "GET":
        return _reading_page(request, visit, ReadingForm())
    form = ReadingForm(request.POST)
    if not form.is_valid():
        return _reading_page(request, visit, form, status=400)
    try:
        record = reading_start(
            visit=visit, barcode=form.cleaned_data["barcode"], officer=officer_of(request)
        )
    except VisitorError as error:
        form.add_error(None, in_language(error))
        return _reading_page(request, visit, form, status=error.http_status)
    messages.success(
        request,
        gettext("Nomor %(label)s membaca “%(title)s” (eksemplar %(barcode)s) di ruang baca.")
        % {
            "label": visit.queue_label,
            "title": record.holding.publication.title,
            "barcode": record.holding.barcode,
        },
    )
    return redirect("desk-queue")


@desk_required
@require_POST
def reading_return_view(request: HttpRequest, record_id: int) -> HttpResponse:
    record = reading_get(record_id)
    try:
        reading_return(record=record, officer=officer_of(request))
    except VisitorError as error:
        messages.error(request, in_language(error))
    else:
        messages.success(
            request,
            gettext("Bacaan nomor %(label)s sudah kembali ke meja.")
            % {"label": record.visit.queue_label},
        )
    return redirect(_back(request))


@desk_required
@require_http_methods(["GET", "POST"])
def photocopy(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Pick a publication and page ranges; issue a numbered form for the cooperative."""
    visit = visit_get(visit_id)
    if request.method == "GET":
        return _photocopy_page(request, visit, PhotocopyForm())
    form = PhotocopyForm(request.POST)
    if not form.is_valid():
        return _photocopy_page(request, visit, form, status=400)
    publication = form.cleaned_data["publication"]
    holding = None
    try:
        if form.cleaned_data["holding"]:
            holding = holding_get(form.cleaned_data["holding"])
            publication = holding.publication
        issued = photocopy_issue(
            visit=visit,
            publication=publication,
            pages=form.cleaned_data["pages"],
            officer=officer_of(request),
            holding=holding,
        )
    except VisitorError as error:
        form.add_error(None, in_language(error))
        return _photocopy_page(request, visit, form, status=error.http_status)
    messages.success(
        request,
        gettext("Formulir fotokopi %(number)s diterbitkan untuk nomor %(label)s.")
        % {"number": issued.form_number, "label": visit.queue_label},
    )
    return redirect("desk-queue")


@desk_required
@require_POST
def photocopy_done_view(request: HttpRequest, request_id: int) -> HttpResponse:
    form = photocopy_get(request_id)
    try:
        photocopy_done(request=form, officer=officer_of(request))
    except VisitorError as error:
        messages.error(request, in_language(error))
    else:
        messages.success(
            request,
            gettext("Fotokopi %(number)s selesai.") % {"number": form.form_number},
        )
    return redirect(_back(request))
