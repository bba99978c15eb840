"""Batches: pages streamed from a station straight into one digitisation job.

Every page write is idempotent by (batch, page number, sha256), so an agent that lost a
response can always send again: the same page is a duplicate, a different one a conflict.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalogue.models import DigitisationJob, JobInput, Publication
from catalogue.services.job_arrange import job_inputs_arrange
from catalogue.services.jobs import job_add_file, job_close, job_create
from catalogue.storage import sha256_of
from scanning.errors import (
    BadRequestError,
    BatchClosedError,
    ChecksumMismatchError,
    PageConflictError,
    PagesMissingError,
    PublicationUnavailableError,
    ScanRequestNotFoundError,
)
from scanning.models import BatchPage, ScanBatch, ScanRequest, Station
from scanning.services.requests import scan_request_start_scanning

Batch = ScanBatch
PAGE_SUFFIX = {"png": ".png", "tiff": ".tif", "jpeg": ".jpg", "pdf": ".pdf"}


@dataclass(frozen=True)
class BatchSpec:
    """What the agent says about a batch it starts (validated before anything is written)."""

    client_batch_id: str
    title: str = ""
    publication_id: int | None = None
    scan_task_id: int | None = None
    device: str = ""
    profile: str = ""
    source: str = Batch.Source.FLATBED
    resolution: int = 300
    mode: str = ""

    def check(self) -> None:
        try:
            uuid.UUID(self.client_batch_id)
        except (ValueError, TypeError, AttributeError) as exc:
            raise BadRequestError("client_batch_id: not a UUID") from exc
        limits = {"title": 500, "device": 200, "profile": 100, "mode": 40}
        for field, limit in limits.items():
            if len(getattr(self, field)) > limit:
                raise BadRequestError(f"{field}: longer than {limit} characters")
        if self.source not in Batch.Source.values:
            raise BadRequestError(f"source: one of {', '.join(Batch.Source.values)}")
        if not 50 <= self.resolution <= 4800:
            raise BadRequestError("resolution: 50 to 4800 dpi")


@dataclass(frozen=True)
class Opened:
    batch: ScanBatch
    created: bool


def batch_open(*, station: Station, spec: BatchSpec) -> Opened:
    """Start a batch (and its job), or return the one this client_batch_id already made."""
    spec.check()
    existing = Batch.objects.filter(station=station, client_batch_id=spec.client_batch_id).first()
    if existing is not None:
        return Opened(existing, created=False)
    task = _task(spec.scan_task_id)
    publication = _publication(spec.publication_id) or (task.publication if task else None)
    title = spec.title.strip() or (publication.title if publication else "") or "Hasil pindai"
    try:
        with transaction.atomic():
            if task is not None:
                scan_request_start_scanning(task=task, station=station)
            job = job_create(
                title=title, publication=publication, source=DigitisationJob.Source.SCANNER
            )
            batch = Batch.objects.create(
                station=station,
                client_batch_id=spec.client_batch_id,
                job=job,
                publication=publication,
                scan_task=task,
                title=title[:500],
                device=spec.device,
                profile=spec.profile,
                source=spec.source,
                resolution=spec.resolution,
                mode=spec.mode,
            )
    except IntegrityError:  # the same request raced itself; the first one won
        existing = Batch.objects.get(station=station, client_batch_id=spec.client_batch_id)
        return Opened(existing, created=False)
    return Opened(batch, created=True)


def _task(task_id: int | None) -> ScanRequest | None:
    if task_id is None:
        return None
    task = ScanRequest.objects.select_related("publication").filter(pk=task_id).first()
    if task is None:
        raise ScanRequestNotFoundError(f"task {task_id}")
    return task


def _publication(publication_id: int | None) -> Publication | None:
    if publication_id is None:
        return None
    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None or publication.is_deleted:
        raise PublicationUnavailableError(f"publication {publication_id}")
    return publication


@dataclass(frozen=True)
class Stored:
    page: BatchPage
    created: bool  # False: the same page was already there (a re-send)


def batch_page_store(
    *, batch: ScanBatch, number: int, path: Path, sha256: str, kind: str
) -> Stored:
    """Keep one part (verified against the sha256 the agent sent) and queue it for OCR.

    A part is usually one page image, but may be a whole document (a PDF, a multi-page
    TIFF): the intake expands it, and its pages follow in order at position ``number``.
    """
    if number < 1:
        raise BadRequestError("page number: 1 or more")
    declared = (sha256 or "").strip().lower()
    actual = sha256_of(path)
    if declared != actual:
        raise ChecksumMismatchError(f"header {declared or '(none)'}, body {actual}")
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        same = BatchPage.objects.filter(batch=locked, number=number).first()
        if same is not None:
            if same.sha256 == actual:
                return Stored(same, created=False)
            raise PageConflictError(f"page {number}: stored {same.sha256}, sent {actual}")
        if locked.state == Batch.BatchState.CLOSED:
            raise BatchClosedError(f"batch {batch.pk}")
        job_input = _add_in_page_order(locked, number, path, kind)
        page = BatchPage.objects.create(
            batch=locked,
            number=number,
            sha256=actual,
            size_bytes=path.stat().st_size,
            job_input=job_input,
        )
    return Stored(page, created=True)


def _add_in_page_order(batch: ScanBatch, number: int, path: Path, kind: str) -> JobInput:
    """Add the page to the job with position = page number, whatever order pages arrive in.

    ``job_add_file`` numbers inputs by arrival (count + 1). When that slot already holds
    a later page, that page steps aside to position 0 for the moment and comes back.
    Runs under the batch lock, and the job holds only this batch's pages.
    """
    job = DigitisationJob.objects.get(pk=batch.job_id)
    inputs = JobInput.objects.filter(job_id=job.pk)
    arrival_slot = job.inputs_total + 1
    parked = inputs.filter(position=arrival_slot).values_list("pk", flat=True).first()
    if parked is not None:
        inputs.filter(pk=parked).update(position=0)
    job_input = job_add_file(
        job=job,
        path=path,
        filename=f"halaman-{number:04d}{PAGE_SUFFIX.get(kind, '')}",
        client_key=f"scanbatch-{batch.pk}-page-{number}",
    )
    if job_input.position != number:
        inputs.filter(pk=job_input.pk).update(position=number)
        job_input.position = number
    if parked is not None:
        inputs.filter(pk=parked).update(position=arrival_slot)
    return job_input


def batch_close(*, batch: ScanBatch, page_count: int, order: list[int] | None = None) -> ScanBatch:
    """No more pages: check they all arrived, then close the job (idempotent).

    Without ``order`` the parts are 1..page_count. With it (a station's edits), the job
    keeps exactly the parts listed, in that order: parts stored but not listed (deleted,
    or replaced by a rotated or rescanned part) are withdrawn from the job.
    """
    if page_count < 1:
        raise BadRequestError("page_count: 1 or more")
    _check_order(page_count, order)
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.state == Batch.BatchState.CLOSED:
            if locked.page_count == page_count and (order is None or locked.page_order == order):
                return locked
            raise BatchClosedError(f"closed with {locked.page_count} pages, not {page_count}")
        stored = dict(BatchPage.objects.filter(batch=locked).values_list("number", "job_input_id"))
        wanted = order if order is not None else list(range(1, page_count + 1))
        missing = [n for n in wanted if n not in stored]
        if missing:
            raise PagesMissingError(missing)
        job = DigitisationJob.objects.get(pk=locked.job_id)
        if order is None:
            extra = sorted(n for n in stored if n > page_count)
            if extra:
                raise BadRequestError(f"page_count {page_count}, but pages {extra} are stored")
        else:
            BatchPage.objects.filter(batch=locked).exclude(number__in=order).delete()
            job_inputs_arrange(job=job, keep=[stored[n] for n in order])
        job_close(job=job)
        locked.state, locked.page_count = Batch.BatchState.CLOSED, page_count
        locked.page_order = order
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "page_count", "page_order", "closed_at"])
    return locked


def _check_order(page_count: int, order: list[int] | None) -> None:
    if order is None:
        return
    if len(order) != page_count or len(set(order)) != len(order):
        raise BadRequestError("order: page_count distinct part numbers")
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in order):
        raise BadRequestError("order: part numbers are whole numbers from 1")
