"""The live digitisation monitor: a page, its JSON snapshot (polled), and the page actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from catalogue.errors import CatalogueError
from catalogue.models import DigitisationJob, JobPage
from catalogue.services.jobs import job_retry
from catalogue.services.page_actions import page_give_up, page_retry
from portal.digitise.monitor_data import snapshot

VIEW = "catalogue.view_digitisationjob"
CHANGE = "catalogue.change_digitisationjob"
POLL_MILLISECONDS = 2000

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _staff(permission: str) -> Callable[[View], View]:
    def wrap(view: View) -> View:
        return login_required(permission_required(permission, raise_exception=True)(view))

    return wrap


@_staff(VIEW)
@require_GET
def monitor_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "poll_ms": POLL_MILLISECONDS,
        "labels": {
            "retry": _("Ulangi"),
            "give_up": _("Lepas"),
            "no_jobs": _("Tidak ada pekerjaan yang sedang berjalan."),
            "no_problems": _("Tidak ada halaman yang gagal atau macet."),
            "no_workers": _("Belum ada worker yang bekerja dalam 10 menit terakhir."),
            "idle": _("menganggur"),
            "pages_of": _("%(done)s dari %(total)s halaman"),
            "failed_pages": _("%(n)s gagal"),
            "progress": _("Kemajuan pekerjaan #%(id)s"),
            "updated": _("Terakhir diperbarui %(at)s"),
            "unreachable": _("Monitor tidak dapat dimuat ulang; mencoba lagi…"),
        },
    }
    return render(request, "portal/staff/monitor.html", context)


@_staff(VIEW)
@require_GET
@never_cache
def monitor_json(request: HttpRequest) -> JsonResponse:
    data = snapshot()
    data["can_act"] = request.user.has_perm(CHANGE)
    return JsonResponse(data)


@_staff(CHANGE)
@require_POST
def page_retry_view(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(JobPage, pk=page_id)
    try:
        page_retry(page_id=page.pk)
    except CatalogueError as exc:
        messages.error(request, _say(exc))
    else:
        messages.success(request, _("Halaman %(page)s pekerjaan #%(job)s diulang.") % _names(page))
    return redirect("staff-monitor")


@_staff(CHANGE)
@require_POST
def page_give_up_view(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(JobPage, pk=page_id)
    try:
        page_give_up(page_id=page.pk, by=request.user.get_username())
    except CatalogueError as exc:
        messages.error(request, _say(exc))
    else:
        messages.success(request, _("Halaman %(page)s pekerjaan #%(job)s dilepas.") % _names(page))
    return redirect("staff-monitor")


@_staff(CHANGE)
@require_POST
def job_retry_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(DigitisationJob, pk=job_id)
    try:
        job_retry(job=job)
    except CatalogueError as exc:
        messages.error(request, _say(exc))
    else:
        messages.success(request, _("Pekerjaan #%(id)s diulang.") % {"id": job.pk})
    return redirect("staff-monitor")


def _names(page: JobPage) -> dict[str, Any]:
    return {"page": page.index, "job": page.job_id}


def _say(error: CatalogueError) -> str:
    return error.message_en if (get_language() or "id").startswith("en") else error.message_id
