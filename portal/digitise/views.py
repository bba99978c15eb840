"""Thin staff views over the digitisation services and selectors."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catalogue.errors import CatalogueError
from catalogue.models import DigitisationJob
from catalogue.selectors.jobs import job_list_recent, job_pages_in_order
from catalogue.services.jobs import job_add_file, job_close, job_create, job_retry
from catalogue.services.upload_limits import (
    UploadRefusedError,
    UploadTooLargeError,
    upload_check,
)
from portal.digitise.forms import JobUploadForm
from portal.jobreport import job_summary
from portal.permissions import staff_permission_required
from portal.publications.ranges import stored_file_response

ACTIVE = {"open", "processing", "assembling"}

# Librarians' screens (docs/security.md): reading jobs, adding uploads, retrying; the PDF
# of a job is a softcopy, so opening it also takes the staff-files permission.
VIEW_JOBS = "catalogue.view_digitisationjob"
ADD_JOBS = "catalogue.add_digitisationjob"
CHANGE_JOBS = "catalogue.change_digitisationjob"
STAFF_FILES = "catalogue.view_softcopy"


@staff_permission_required(VIEW_JOBS)
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = [job_summary(job) for job in job_list_recent(limit=30)]
    return render(
        request,
        "portal/staff/jobs.html",
        {
            "form": JobUploadForm(),
            "jobs": jobs,
            "refresh": any(job["state"] in ACTIVE for job in jobs),
        },
    )


@staff_permission_required(ADD_JOBS)
@require_POST
def job_upload(request: HttpRequest) -> HttpResponse:
    form = JobUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        jobs = [job_summary(job) for job in job_list_recent(limit=30)]
        return render(request, "portal/staff/jobs.html", {"form": form, "jobs": jobs}, status=400)
    files: list[UploadedFile] = form.cleaned_data["documents"]
    with tempfile.TemporaryDirectory(prefix="pustaka-upload-") as folder:
        try:
            checked = [_checked_copy(upload, Path(folder), n) for n, upload in enumerate(files, 1)]
        except UploadRefusedError as refused:  # nothing stored; the temporary copies go
            form.add_error("documents", f"{refused.detail} — {_message(refused)}")
            jobs = [job_summary(job) for job in job_list_recent(limit=30)]
            context = {"form": form, "jobs": jobs}
            return render(request, "portal/staff/jobs.html", context, status=refused.http_status)
        job = job_create(
            title=form.cleaned_data["title"] or Path(files[0].name or "dokumen").stem,
            languages=form.cleaned_data["languages"],
            clean=form.cleaned_data["clean_pages"],
            source=DigitisationJob.Source.UPLOAD,
        )
        for local, filename in checked:
            job_add_file(job=job, path=local, filename=filename)
    job_close(job=job)
    messages.success(request, _("Pekerjaan #%(id)s diterima.") % {"id": job.pk})
    return redirect("staff-job", job_id=job.pk)


@staff_permission_required(VIEW_JOBS)
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(job_id)
    summary = job_summary(job)
    return render(
        request,
        "portal/staff/job.html",
        {
            "job": job,
            "summary": summary,
            "pages": job_pages_in_order(job_id=job.pk),
            "refresh": job.state in ACTIVE,
            "error": _error_text(summary),
        },
    )


@staff_permission_required(VIEW_JOBS, STAFF_FILES)
@require_GET
def job_pdf(request: HttpRequest, job_id: int) -> HttpResponseBase:
    job = _job(job_id)
    if job.softcopy is None:
        raise Http404(_("PDF belum tersedia."))
    return stored_file_response(
        request,
        job.softcopy.file.name,
        etag=f'"{job.softcopy.sha256}"',
        filename=f"{Path(job.title).name[:80] or 'dokumen'}.pdf",
        download=True,
    )


@staff_permission_required(CHANGE_JOBS)
@require_POST
def job_retry_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(job_id)
    try:
        job_retry(job=job)
    except CatalogueError as exc:
        messages.error(request, exc.message_en if get_language() == "en" else exc.message_id)
    else:
        messages.success(request, _("Pekerjaan #%(id)s diulang.") % {"id": job.pk})
    return redirect("staff-job", job_id=job.pk)


@staff_permission_required(VIEW_JOBS)
@require_GET
def job_api(request: HttpRequest, job_id: int) -> JsonResponse:
    return JsonResponse(job_summary(_job(job_id)))


def _checked_copy(upload: UploadedFile, folder: Path, number: int) -> tuple[Path, str]:
    """The upload in a temporary file, once it passed the limits (else raised)."""
    filename = upload.name or f"{number:04d}"
    if (upload.size or 0) > settings.UPLOAD_MAX_BYTES:
        raise UploadTooLargeError(filename)  # not even copied
    local = folder / f"{number:04d}"
    with local.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload_check(path=local, filename=filename)
    return local, filename


def _message(error: CatalogueError) -> str:
    return error.message_en if get_language() == "en" else error.message_id


def _job(job_id: int) -> DigitisationJob:
    job = DigitisationJob.objects.select_related("softcopy").filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


def _error_text(summary: dict[str, object]) -> str:
    error = summary.get("error")
    if not isinstance(error, dict):
        return ""
    return str(error.get("en") if get_language() == "en" else error.get("id"))
