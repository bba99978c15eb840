"""Thin staff views over the digitisation services and selectors."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catalogue.errors import CatalogueError
from catalogue.models import DigitisationJob
from catalogue.selectors.jobs import job_list_recent, job_pages_in_order
from catalogue.services.jobs import job_add_file, job_close, job_create, job_retry
from portal.digitise.forms import JobUploadForm
from portal.jobreport import job_summary

ACTIVE = {"open", "processing", "assembling"}


@staff_member_required
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


@staff_member_required
@require_POST
def job_upload(request: HttpRequest) -> HttpResponse:
    form = JobUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        jobs = [job_summary(job) for job in job_list_recent(limit=30)]
        return render(request, "portal/staff/jobs.html", {"form": form, "jobs": jobs}, status=400)
    files: list[UploadedFile] = form.cleaned_data["documents"]
    job = job_create(
        title=form.cleaned_data["title"] or Path(files[0].name or "dokumen").stem,
        languages=form.cleaned_data["languages"],
        clean=form.cleaned_data["clean_pages"],
        source=DigitisationJob.Source.UPLOAD,
    )
    with tempfile.TemporaryDirectory(prefix="pustaka-upload-") as folder:
        for number, upload in enumerate(files, start=1):
            local = Path(folder) / f"{number:04d}"
            with local.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            job_add_file(job=job, path=local, filename=upload.name or local.name)
    job_close(job=job)
    messages.success(request, _("Pekerjaan #%(id)s diterima.") % {"id": job.pk})
    return redirect("staff-job", job_id=job.pk)


@staff_member_required
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


@staff_member_required
@require_GET
def job_pdf(request: HttpRequest, job_id: int) -> FileResponse:
    job = _job(job_id)
    if job.softcopy is None:
        raise Http404(_("PDF belum tersedia."))
    name = job.softcopy.file.name
    filename = f"{Path(job.title).name[:80] or 'dokumen'}.pdf"
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


@staff_member_required
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


@staff_member_required
@require_GET
def job_api(request: HttpRequest, job_id: int) -> JsonResponse:
    return JsonResponse(job_summary(_job(job_id)))


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
