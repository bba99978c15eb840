"""Reads of digitisation jobs and their pages."""

from __future__ import annotations

from django.db.models import QuerySet

from catalogue.models import DigitisationJob, JobPage


def job_get(*, job_id: int) -> DigitisationJob:
    return DigitisationJob.objects.select_related("softcopy", "publication").get(pk=job_id)


def job_list_recent(*, limit: int = 20) -> QuerySet[DigitisationJob]:
    return DigitisationJob.objects.order_by("-created_at")[:limit]


def job_pages_in_order(*, job_id: int) -> list[JobPage]:
    """Pages in document order: by input position, then page within the input."""
    return list(
        JobPage.objects.filter(job_id=job_id)
        .select_related("input")
        .order_by("input__position", "index")
    )


def job_page_counts(*, job: DigitisationJob) -> dict[str, int]:
    pages = JobPage.objects.filter(job=job)
    return {
        "pages": pages.count(),
        "ocr_pages": pages.filter(ocr=True).count(),
        "text_pages": pages.filter(kind=JobPage.Kind.PDF_TEXT).count(),
        "blank_pages": pages.filter(blank=True).count(),
        "done_pages": pages.filter(state="done").count(),
        "failed_pages": pages.filter(state="failed").count(),
    }
