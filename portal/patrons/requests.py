"""Softcopy request pages: the patron's form, the emailed download link, the staff queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from catalogue.errors import InvalidFieldError
from catalogue.models import AccessLog
from catalogue.services.access import access_log_record
from patrons.errors import LinkInvalidError, PatronError
from patrons.models import SoftcopyRequest
from patrons.selectors.requests import (
    patron_of,
    publication_requestable,
    request_for_staff,
    requests_queue,
)
from patrons.services.requests import (
    download_record,
    download_token_resolve,
    request_approve,
    request_create,
    request_reject,
)
from portal.patrons.forms import SoftcopyRequestForm
from portal.patrons.messages import error_text
from portal.permissions import staff_permission_required
from portal.public_urls import public_base
from portal.publications.files import download_filename
from portal.publications.ranges import stored_file_response
from portal.sign_in import patron_login_required, patron_sign_in

T = "portal/accounts/"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@patron_login_required
@never_cache
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponseBase:
    """``?publikasi=<id>``: ask for that publication's softcopy."""
    publication = publication_requestable(_int(request.GET.get("publikasi")), request.user)  # type: ignore[arg-type]
    patron = patron_of(cast(User, request.user))  # signed in (login_required)
    form = SoftcopyRequestForm(request.POST or None)
    problem = ""
    if publication is None:
        problem = _("Publikasi ini tidak memiliki salinan digital yang dapat diminta.")
    elif patron is None:
        problem = _("Hanya anggota daring yang dapat meminta salinan digital.")
    elif request.method == "POST" and form.is_valid():
        try:
            request_create(
                user=request.user,  # type: ignore[arg-type]
                publication_id=publication.pk,
                purpose=form.cleaned_data["purpose"],
                purpose_detail=form.cleaned_data["purpose_detail"],
                pages=form.cleaned_data["pages"],
            )
        except PatronError as error:
            form.add_error(
                "pages" if error.code == "page_range_invalid" else None, error_text(error)
            )
        else:
            messages.success(
                request,
                _("Permintaan Anda terkirim. Kami mengirim tautan unduhan ke surel Anda "
                  "setelah permintaan disetujui."),
            )  # fmt: skip
            return redirect("patron-account")
    status = 404 if problem else (400 if form.errors else 200)
    context = {"publication": publication, "form": form, "problem": problem}
    return render(request, T + "request_new.html", context, status=status)


@never_cache
@require_http_methods(["GET"])
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """The approved PDF behind an emailed link, for the patron it was sent to (signed in:
    a forwarded or leaked link is no key), while the access rule still lets them read it."""
    if not request.user.is_authenticated:
        return patron_sign_in(request)
    try:
        softcopy_request = download_token_resolve(token=token, user=request.user)
    except PatronError as problem:
        context = {"problem": error_text(problem)}
        return render(request, T + "download_refused.html", context, status=problem.http_status)
    softcopy = softcopy_request.softcopy
    assert softcopy is not None  # checked by download_token_resolve
    if not softcopy.file.name or not default_storage.exists(softcopy.file.name):
        gone = LinkInvalidError("file gone")
        context = {"problem": error_text(gone)}
        return render(request, T + "download_refused.html", context, status=404)

    def opened() -> None:  # once per download, not per resumed range
        _log(request, softcopy_request)
        download_record(request=softcopy_request)

    response = stored_file_response(
        request,
        softcopy.file.name,
        etag=f'"{softcopy.sha256}"',
        filename=download_filename(softcopy),
        download=True,
        on_opening=opened,
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"  # the URL is the key: keep it out of logs
    return response


def _log(request: HttpRequest, softcopy_request: SoftcopyRequest) -> None:
    softcopy, user = softcopy_request.softcopy, softcopy_request.patron
    assert softcopy is not None
    address = request.META.get("REMOTE_ADDR") or None
    action = AccessLog.Action.DOWNLOAD
    try:
        access_log_record(softcopy=softcopy, action=action, user=user, ip_address=address)
    except InvalidFieldError:  # e.g. a Unix socket peer: the download still counts
        access_log_record(softcopy=softcopy, action=action, user=user)


def _staff_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed-in staff holding the permission; others get 403 (signed out: the login)."""
    return staff_permission_required("patrons.decide_softcopyrequest")(view)


@_staff_only
@never_cache
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or "pending"
    if status not in SoftcopyRequest.Status.values and status != "all":
        status = "pending"
    rows = requests_queue(status=None if status == "all" else status)[:200]
    context = {
        "rows": list(rows),
        "status": status,
        "statuses": SoftcopyRequest.Status.choices,
    }
    return render(request, T + "staff_queue.html", context)


@_staff_only
@require_POST
def decide(request: HttpRequest, request_id: int, decision: str) -> HttpResponseBase:
    staff: User = request.user  # type: ignore[assignment]
    row = request_for_staff(request_id)
    if row is None:
        messages.error(request, error_text(LinkInvalidError()))
        return redirect("softcopy-request-queue")
    try:
        if decision == "approve":
            request_approve(request_id=row.pk, staff=staff, base_url=public_base(request))
            messages.success(
                request, _("Permintaan #%(id)s disetujui; tautan unduhan dikirim.") % {"id": row.pk}
            )
        else:
            reason = request.POST.get("reason", "")
            request_reject(
                request_id=row.pk, staff=staff, reason=reason, base_url=public_base(request)
            )
            messages.success(
                request, _("Permintaan #%(id)s ditolak; alasannya dikirim.") % {"id": row.pk}
            )
    except PatronError as problem:
        messages.error(request, error_text(problem))
    return redirect("softcopy-request-queue")
