"""Thin staff views of the scan queue, scan-to-email requests and cover sheets."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from catalogue.models import Publication
from portal.permissions import staff_permission_required
from portal.publications.ranges import stored_file_response
from portal.scanning.forms import ScanToEmailForm, initial_from_query
from scanning.coversheet import publication_payload, qr_svg, scan_request_payload
from scanning.errors import ScanningError
from scanning.models import ScanRequest
from scanning.selectors.queue import scan_request_rows, scan_request_softcopy
from scanning.services.delivery import download_request_id, scan_delivery_retry
from scanning.services.requests import scan_request_create_scan_to_email, scan_request_release

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

VIEW = "scanning.view_scanrequest"
ADD = "scanning.add_scanrequest"
CHANGE = "scanning.change_scanrequest"


def _staff(permission: str) -> Callable[[View], View]:
    return staff_permission_required(permission)


def _say(error: ScanningError) -> str:
    return error.message_en if (get_language() or "id").startswith("en") else error.message_id


@_staff(VIEW)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    rows = scan_request_rows()
    busy = any(r.task.state in ("claimed", "scanning") for r in rows)
    return render(request, "portal/scanning/queue.html", {"rows": rows, "refresh": busy})


@_staff(ADD)
def scan_to_email_new(request: HttpRequest) -> HttpResponse:
    form = ScanToEmailForm(request.POST or None, initial=initial_from_query(request.GET))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = scan_request_create_scan_to_email(
                publication=data["publication"],
                email=data["email"],
                pages=data["pages"],
                visit=data["visit"],
                created_by=request.user if isinstance(request.user, User) else None,
            )
        except ScanningError as exc:
            form.add_error("pages" if exc.code == "page_range_invalid" else None, _say(exc))
        else:
            messages.success(request, f"#{task.pk}")
            return redirect("scan-cover-task", task_id=task.pk)
    status = 400 if form.is_bound else 200
    return render(request, "portal/scanning/new.html", {"form": form}, status=status)


@_staff(CHANGE)
@require_POST
def task_release_view(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        scan_request_release(task=get_object_or_404(ScanRequest, pk=task_id))
    except ScanningError as exc:
        messages.error(request, _say(exc))
    return redirect("scan-queue")


@_staff(CHANGE)
@require_POST
def delivery_retry_view(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        scan_delivery_retry(task=get_object_or_404(ScanRequest, pk=task_id))
    except ScanningError as exc:
        messages.error(request, _say(exc))
    return redirect("scan-queue")


@_staff(VIEW)
@require_GET
def cover_task(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_object_or_404(
        ScanRequest.objects.select_related("publication", "holding"), pk=task_id
    )
    payload = scan_request_payload(task.pk)
    context = {
        "task": task,
        "publication": task.publication,
        "payload": payload,
        "qr": mark_safe(qr_svg(payload)),  # segno's own SVG of a fixed-format payload
    }
    return render(request, "portal/scanning/cover.html", context)


@_staff(VIEW)
@require_GET
def cover_publication(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = get_object_or_404(Publication, pk=publication_id, deleted_at__isnull=True)
    payload = publication_payload(publication.pk)
    context = {"publication": publication, "payload": payload, "qr": mark_safe(qr_svg(payload))}
    return render(request, "portal/scanning/cover.html", context)


@require_GET
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """A visitor's link to a scanned PDF too large to attach (signed, expires)."""
    task_id = download_request_id(token)
    if task_id is None:
        raise Http404
    task = ScanRequest.objects.filter(pk=task_id, kind=ScanRequest.Kind.SCAN_TO_EMAIL).first()
    softcopy = scan_request_softcopy(task=task) if task is not None else None
    if softcopy is None:
        raise Http404
    return stored_file_response(
        request,
        softcopy.file.name,
        etag=f'"{softcopy.sha256}"',
        filename=f"pindai-{task_id}.pdf",
        download=True,
    )
