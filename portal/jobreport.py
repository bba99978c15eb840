"""The JSON shape of a digitisation job, shared by the CLI and the API."""

from __future__ import annotations

from typing import Any

from catalogue.models import DigitisationJob
from catalogue.selectors.jobs import job_page_counts
from catalogue.storage import local_path


def job_summary(job: DigitisationJob) -> dict[str, Any]:
    counts = job_page_counts(job=job)
    softcopy = job.softcopy
    pdf = None
    if softcopy is not None:
        path = local_path(softcopy.file.name)
        pdf = str(path) if path else softcopy.file.name
    summary: dict[str, Any] = {
        "job_id": job.pk,
        "state": job.state,
        "title": job.title,
        "publication_id": job.publication_id,
        "softcopy_id": softcopy.pk if softcopy else None,
        "pages": counts["pages"],
        "ocr_pages": counts["ocr_pages"],
        "text_pages": counts["text_pages"],
        "blank_pages": counts["blank_pages"],
        "failed_pages": counts["failed_pages"],
        "pdf": pdf,
        "pdfa": softcopy.pdfa if softcopy else None,
        "duplicate_of": job.duplicate_of_id,
        "redispatches": job.redispatches,
    }
    if job.state == DigitisationJob.JobState.FAILED:
        summary["error"] = {
            "code": job.error_code,
            "id": job.error_id,
            "en": job.error_en,
            "detail": job.error_detail,
        }
    return summary
