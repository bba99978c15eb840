"""Writes of softcopies: a finished job becomes catalogue softcopies with per-page text."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalogue.enqueue import enqueue_on_commit
from catalogue.models import DigitisationJob, Page, Softcopy
from catalogue.selectors.jobs import job_pages_in_order
from common import tasknames

Job = DigitisationJob


@dataclass(frozen=True)
class SoftcopyFile:
    """A PDF already in storage, described for the catalogue."""

    stored_name: str
    sha256: str
    size_bytes: int
    page_count: int
    origin: str
    pdfa: bool
    signed: bool = False
    searchable: bool = True


def job_complete(
    *, job_id: int, searchable: SoftcopyFile, original: SoftcopyFile | None = None
) -> Softcopy | None:
    """Record the job's softcopies, copy each page's text, and hand them to indexing.

    ``original`` is the untouched input kept as its own softcopy (a signed PDF, which
    must never be rewritten); ``searchable`` is the one with a text layer (it may be the
    same file as the input when the input was born digital). Runs once per job.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.state != Job.JobState.ASSEMBLING:
            return None
        original_row = _create(job, original, derived_from=None) if original else None
        softcopy = _create(job, searchable, derived_from=original_row)
        pages = job_pages_in_order(job_id=job.pk)
        Page.objects.bulk_create(
            [
                Page(
                    softcopy=softcopy, number=number, text=page.text, blank=page.blank, ocr=page.ocr
                )
                for number, page in enumerate(pages, start=1)
            ]
        )
        job.softcopy = softcopy
        job.state = Job.JobState.DONE
        job.finished_at = timezone.now()
        job.clear_error()
        job.save()
        enqueue_on_commit(tasknames.MAKE_THUMBNAILS, softcopy.pk, queue=tasknames.QUEUE_DEFAULT)
        enqueue_on_commit(tasknames.EXTRACT_TABLES, softcopy.pk, queue=tasknames.QUEUE_DEFAULT)
        if job.publication_id is None and settings.INTAKE_AUTO_ACCEPT:
            enqueue_on_commit(
                tasknames.INTAKE_AUTO_ACCEPT, softcopy.pk, queue=tasknames.QUEUE_DEFAULT
            )
    return softcopy


def _create(job: Job, spec: SoftcopyFile, *, derived_from: Softcopy | None) -> Softcopy:
    previous = (
        Softcopy.objects.filter(publication=job.publication).order_by("-version").first()
        if job.publication_id
        else None
    )
    return Softcopy.objects.create(
        publication=job.publication,
        title=job.title,
        file=spec.stored_name,
        version=(previous.version + 1) if previous else 1,
        origin=spec.origin,
        page_count=spec.page_count,
        size_bytes=spec.size_bytes,
        sha256=spec.sha256,
        pdfa=spec.pdfa,
        signed=spec.signed,
        searchable=spec.searchable,
        derived_from=derived_from,
        job=job,
    )
