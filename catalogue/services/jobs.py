"""Writes to digitisation jobs: intake, page state, fan-in, failure, retry.

Every transition locks the job row first (then its pages) so that counters stay exact
on PostgreSQL and SQLite alike, and re-delivered tasks change nothing the second time.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalogue.enqueue import enqueue_on_commit
from catalogue.errors import (
    EmptyJobError,
    InputGoneError,
    InputsNotKeptError,
    JobClosedError,
    JobNotRetryableError,
    StorageFullError,
)
from catalogue.models import DigitisationJob, JobInput, JobPage, Publication
from catalogue.models.jobs import State
from catalogue.services.sniff import sniff_kind, stored_suffix
from catalogue.storage import sha256_of, store_content_addressed
from common import tasknames

Job = DigitisationJob
UNKEPT_SOURCE = "unkept_source"  # JobInput.info key: where a file storage had no room for is


def job_create(
    *,
    title: str,
    languages: str = "ind+eng",
    publication: Publication | None = None,
    source: str = Job.Source.UPLOAD,
    clean: bool = False,
) -> Job:
    return Job.objects.create(
        title=title.strip() or "Tanpa judul",
        languages=languages,
        publication=publication,
        source=source,
        clean_pages=clean,
    )


def job_add_file(*, job: Job, path: Path, filename: str, client_key: str = "") -> JobInput:
    """Keep the file (content-addressed, untouched) and queue its pages for processing.

    Idempotent on ``client_key``: a re-sent upload returns the input already recorded.
    """
    kind = sniff_kind(path)
    name, sha256, size = store_content_addressed(
        path, prefix="originals", suffix=stored_suffix(kind, filename)
    )
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if client_key:
            existing = JobInput.objects.filter(job=locked, client_key=client_key).first()
            if existing is not None:
                return existing
        if locked.is_closed:
            raise JobClosedError(f"job {job.pk}")
        Job.objects.filter(pk=job.pk).update(inputs_total=F("inputs_total") + 1)
        job_input = JobInput.objects.create(
            job=locked,
            position=locked.inputs_total + 1,
            kind=kind,
            filename=filename[:255],
            stored_name=name,
            sha256=sha256,
            size_bytes=size,
            client_key=client_key,
        )
        _note_duplicate(locked, sha256)
        enqueue_on_commit(tasknames.EXPAND_INPUT, job_input.pk, queue=tasknames.QUEUE_DEFAULT)
    return job_input


def job_fail_unkept(*, job: Job, files: list[tuple[Path, str]], error: StorageFullError) -> Job:
    """Storage filled up while a job's files were being kept (``pustaka ingest``): record
    the files it had no room for with where they are on this machine, close the job and
    fail it with the bilingual reason. ``pustaka retry`` keeps them once there is room."""
    described = [(path, filename, sniff_kind(path), sha256_of(path)) for path, filename in files]
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        for position, (path, filename, kind, sha256) in enumerate(
            described, start=locked.inputs_total + 1
        ):
            JobInput.objects.create(
                job=locked,
                position=position,
                kind=kind,
                filename=filename[:255],
                stored_name="",  # nothing in storage yet: no task reads it
                sha256=sha256,
                size_bytes=path.stat().st_size,
                info={UNKEPT_SOURCE: str(path.resolve())},
            )
        locked.inputs_total += len(described)
        locked.closed_at = locked.closed_at or timezone.now()
        locked.save(update_fields=["inputs_total", "closed_at", "updated_at"])
        what = files[0][1] if len(files) == 1 else f"{files[0][1]} (+{len(files) - 1})"
        _fail(locked, _about(what, InputsNotKeptError(error.detail).user_message()))
    return locked


def _keep_unkept_inputs(job: Job) -> None:
    """Store the files a full disk left out (``job_fail_unkept``), from where they were;
    StorageFullError again when there is still no room."""
    for job_input in job.inputs.filter(stored_name="").order_by("position"):
        source = Path(str(job_input.info.get(UNKEPT_SOURCE, "")))
        if not source.is_file() or sha256_of(source) != job_input.sha256:
            raise InputGoneError(f"{job_input.filename}: {source}")
        name, _, _ = store_content_addressed(
            source, prefix="originals", suffix=stored_suffix(job_input.kind, job_input.filename)
        )
        JobInput.objects.filter(pk=job_input.pk, stored_name="").update(stored_name=name)


def _note_duplicate(job: Job, sha256: str) -> None:
    earlier = (
        JobInput.objects.filter(sha256=sha256, job__state=Job.JobState.DONE)
        .exclude(job=job)
        .order_by("job_id")
        .values_list("job_id", flat=True)
        .first()
    )
    if earlier is not None and job.duplicate_of_id is None:
        Job.objects.filter(pk=job.pk).update(duplicate_of_id=earlier)


def job_close(*, job: Job) -> Job:
    """The producer says no more pages are coming; the job finishes when they are done."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.is_closed:
            return locked
        locked.closed_at = timezone.now()
        if locked.state == Job.JobState.OPEN:
            locked.state = Job.JobState.PROCESSING
        locked.save(update_fields=["closed_at", "state", "updated_at"])
        if locked.inputs_total == 0:
            _fail(locked, EmptyJobError(f"job {job.pk}").user_message())
        else:
            maybe_assemble(locked)
    return locked


def input_expand(*, input_id: int, pages: list[tuple[int, str]], info: dict[str, object]) -> None:
    """Record the pages an inspected input holds and queue each one (runs once per input)."""
    job_input = JobInput.objects.filter(pk=input_id).first()
    if job_input is None:  # withdrawn (a station deleted the page) while it was read
        return
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_input.job_id)
        job_input = JobInput.objects.select_for_update().filter(pk=input_id).first()
        if job_input is None or job_input.expanded:
            return
        now = timezone.now()
        created = JobPage.objects.bulk_create(
            [
                JobPage(job=job, input=job_input, index=index, kind=kind, queued_at=now)
                for index, kind in pages
            ]
        )
        job_input.expanded, job_input.quarantined, job_input.info = True, False, info
        job_input.save(update_fields=["expanded", "quarantined", "info"])
        Job.objects.filter(pk=job.pk).update(
            inputs_expanded=F("inputs_expanded") + 1, pages_total=F("pages_total") + len(pages)
        )
        job.refresh_from_db()
        for page in created:
            enqueue_on_commit(tasknames.PROCESS_PAGE, page.pk, queue=tasknames.QUEUE_OCR)
        maybe_assemble(job)


def input_fail(*, input_id: int, message: dict[str, str]) -> None:
    """The input cannot be read at all: quarantine it and fail the job."""
    with transaction.atomic():
        job_input = JobInput.objects.filter(pk=input_id).first()
        if job_input is None:  # withdrawn meanwhile
            return
        job = Job.objects.select_for_update().get(pk=job_input.job_id)
        JobInput.objects.filter(pk=input_id).update(quarantined=True)
        _fail(job, _about(job_input.filename, message))


def page_start(*, page_id: int, worker: str) -> JobPage | None:
    """Mark a page as being processed; None when there is nothing to do (already done)."""
    now = timezone.now()
    with transaction.atomic():
        page = (
            JobPage.objects.select_for_update()
            .select_related("job", "input")
            .filter(pk=page_id)
            .first()
        )
        if page is None:  # its input was withdrawn before the page's turn came
            return None
        if page.state in (State.DONE, State.FAILED) or page.job.state == Job.JobState.FAILED:
            return None
        page.state, page.started_at, page.worker = State.PROCESSING, now, worker[:200]
        page.attempts += 1
        page.save(update_fields=["state", "started_at", "worker", "attempts"])
        Job.objects.filter(pk=page.job_id, started_at__isnull=True).update(started_at=now)
    return page


def page_finish(
    *,
    page_id: int,
    text: str,
    ocr: bool,
    blank: bool,
    pdf_name: str,
    hocr_name: str,
    facts: dict[str, object],
) -> None:
    """Record a page's outputs and count it done, once, even if the task ran twice."""
    with transaction.atomic():
        job_id = JobPage.objects.filter(pk=page_id).values_list("job_id", flat=True).first()
        if job_id is None:  # withdrawn while a worker processed it: nothing to count
            return
        job = Job.objects.select_for_update().get(pk=job_id)
        updated = (
            JobPage.objects.filter(pk=page_id)
            .exclude(state=State.DONE)
            .update(
                state=State.DONE,
                finished_at=timezone.now(),
                text=text,
                ocr=ocr,
                blank=blank,
                pdf_name=pdf_name,
                hocr_name=hocr_name,
                facts=facts,
                error_code="",
                error_id="",
                error_en="",
                error_detail="",
            )
        )
        if not updated:
            return
        Job.objects.filter(pk=job_id).update(pages_done=F("pages_done") + 1)
        job.refresh_from_db()
        maybe_assemble(job)


def page_fail(*, page_id: int, message: dict[str, str]) -> None:
    """A permanent error on one page: the page and its job fail, the input is quarantined."""
    with transaction.atomic():
        page = JobPage.objects.select_related("input").filter(pk=page_id).first()
        if page is None:  # withdrawn meanwhile
            return
        job = Job.objects.select_for_update().get(pk=page.job_id)
        updated = (
            JobPage.objects.filter(pk=page_id)
            .exclude(state__in=[State.DONE, State.FAILED])
            .update(
                state=State.FAILED,
                finished_at=timezone.now(),
                error_code=message.get("code", ""),
                error_id=message.get("id", ""),
                error_en=message.get("en", ""),
                error_detail=message.get("detail", ""),
            )
        )
        if not updated:
            return
        Job.objects.filter(pk=job.pk).update(pages_failed=F("pages_failed") + 1)
        JobInput.objects.filter(pk=page.input_id).update(quarantined=True)
        job.refresh_from_db()
        _fail(job, _about(f"{page.input.filename} (halaman/page {page.index})", message))


def job_assembly_failed(*, job_id: int, message: dict[str, str]) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        _fail(job, message)


def job_retry(*, job: Job) -> Job:
    """Re-run a failed job from its kept inputs: failed pages and unread inputs again
    (inputs a full disk left out are stored first)."""
    if job.state == Job.JobState.FAILED:
        _keep_unkept_inputs(job)
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.state != Job.JobState.FAILED:
            raise JobNotRetryableError(f"job {job.pk} is {locked.state}")
        failed_pages = list(locked.pages.filter(state=State.FAILED).values_list("pk", flat=True))
        # Pages still queued when the job failed had their messages skipped: send them too.
        waiting = list(locked.pages.filter(state=State.QUEUED).values_list("pk", flat=True))
        JobPage.objects.filter(pk__in=failed_pages).update(
            state=State.QUEUED,
            queued_at=timezone.now(),
            finished_at=None,
            error_code="",
            error_id="",
            error_en="",
            error_detail="",
        )
        locked.inputs.update(quarantined=False)
        locked.pages_failed = 0
        locked.state = Job.JobState.PROCESSING if locked.is_closed else Job.JobState.OPEN
        locked.finished_at = None
        locked.clear_error()
        locked.save()
        for input_id in locked.inputs.filter(expanded=False).values_list("pk", flat=True):
            enqueue_on_commit(tasknames.EXPAND_INPUT, input_id, queue=tasknames.QUEUE_DEFAULT)
        for page_id in failed_pages + waiting:
            enqueue_on_commit(tasknames.PROCESS_PAGE, page_id, queue=tasknames.QUEUE_OCR)
        maybe_assemble(locked)
    return locked


def maybe_assemble(job: Job) -> None:
    """Fan-in: the closed job's last page is done, so assemble it (exactly once)."""
    complete = (
        job.is_closed
        and job.state == Job.JobState.PROCESSING
        and job.pages_failed == 0
        and job.inputs_expanded == job.inputs_total
        and job.pages_total > 0
        and job.pages_done == job.pages_total
    )
    if complete:
        # updated_at marks when assembly began: the reconciler's bound counts from it.
        Job.objects.filter(pk=job.pk).update(
            state=Job.JobState.ASSEMBLING, updated_at=timezone.now()
        )
        job.state = Job.JobState.ASSEMBLING
        enqueue_on_commit(tasknames.ASSEMBLE_JOB, job.pk, queue=tasknames.QUEUE_ASSEMBLE)


def _fail(job: Job, message: dict[str, str]) -> None:
    if job.state == Job.JobState.FAILED:
        return
    job.state = Job.JobState.FAILED
    job.finished_at = timezone.now()
    job.set_error(message)
    job.save(
        update_fields=[
            "state",
            "finished_at",
            "error_code",
            "error_id",
            "error_en",
            "error_detail",
            "updated_at",
        ]
    )


def _about(what: str, message: dict[str, str]) -> dict[str, str]:
    return {
        **message,
        "id": f"{what}: {message.get('id', '')}",
        "en": f"{what}: {message.get('en', '')}",
    }
