"""Reads of digitisation jobs and their pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

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
    """How many pages a job has, by what happened to them (one query)."""
    return JobPage.objects.filter(job=job).aggregate(
        pages=Count("pk"),
        ocr_pages=Count("pk", filter=Q(ocr=True)),
        text_pages=Count("pk", filter=Q(kind=JobPage.Kind.PDF_TEXT)),
        blank_pages=Count("pk", filter=Q(blank=True)),
        done_pages=Count("pk", filter=Q(state="done")),
        failed_pages=Count("pk", filter=Q(state="failed")),
    )
