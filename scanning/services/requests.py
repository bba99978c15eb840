"""The scan queue: create scan requests, let one station claim each, finish them with the job.

A "scan request" (digitise a copy, or scan to email) is what a station claims; "task" is
kept for Celery tasks (workers/tasks.py). The model is ``ScanRequest`` (permissions
``scanning.*_scanrequest``); the agent API's JSON still says "tasks" for deployed agents.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from catalogue.enqueue import enqueue_on_commit
from catalogue.models import DigitisationJob, Holding, JobInput, JobPage, Publication
from catalogue.services.holdings import holding_set_status
from common import tasknames
from common.contact import normalise_email
from common.pageranges import normalise_page_ranges
from scanning.errors import (
    InvalidEmailError,
    PageRangeError,
    PublicationUnavailableError,
    ScanRequestNotFoundError,
    ScanRequestStateError,
    ScanRequestTakenError,
)
from scanning.models import ScanBatch, ScanRequest, Station
from visitors.models import Visit

Task = ScanRequest
State = ScanRequest.TaskState
ACTIVE = (State.CLAIMED, State.SCANNING)


def scan_request_create_digitise(
    *, holding: Holding, pages: str = "", created_by: User | None = None
) -> ScanRequest:
    """Queue a printed copy for digitisation; the copy is marked as being scanned."""
    publication = _live(holding.publication)
    with transaction.atomic():
        task = Task.objects.create(
            kind=Task.Kind.DIGITISE,
            publication=publication,
            holding=holding,
            pages=_pages(pages),
            created_by=created_by,
        )
        holding_set_status(holding=holding, status=Holding.Status.SCANNING)
    return task


def scan_request_create_scan_to_email(
    *,
    publication: Publication,
    email: str,
    pages: str = "",
    visit: Visit | None = None,
    created_by: User | None = None,
) -> ScanRequest:
    """A visitor's request: scan these pages and email them the searchable PDF."""
    address = normalise_email(email, required=True, error=InvalidEmailError)
    return Task.objects.create(
        kind=Task.Kind.SCAN_TO_EMAIL,
        publication=_live(publication),
        pages=_pages(pages),
        requester_email=address,
        visit=visit,
        created_by=created_by,
    )


def _pages(text: str) -> str:
    """The pages to scan in the one written format; empty = the whole publication."""
    return normalise_page_ranges(text, error=PageRangeError)


def _live(publication: Publication) -> Publication:
    if publication.is_deleted:
        raise PublicationUnavailableError(f"publication {publication.pk}")
    return publication


def scan_request_claim(*, task_id: int, station: Station) -> ScanRequest:
    """Give a pending task to this station; one conditional UPDATE, so never to two.

    Claiming a task this station already holds again is fine (a re-sent request).
    """
    now = timezone.now()
    taken = Task.objects.filter(pk=task_id, state=State.PENDING).update(
        state=State.CLAIMED, claimed_by=station, claimed_at=now, updated_at=now
    )
    task = Task.objects.select_related("publication", "holding", "claimed_by").filter(pk=task_id)
    found = task.first()
    if found is None:
        raise ScanRequestNotFoundError(f"task {task_id}")
    if taken or (found.claimed_by_id == station.pk and found.state in ACTIVE):
        return found
    if found.state in ACTIVE:
        raise ScanRequestTakenError(f"task {task_id}")
    raise ScanRequestStateError(f"task {task_id} is {found.state}")


def scan_request_start_scanning(*, task: ScanRequest, station: Station) -> ScanRequest:
    """A batch opens for the task: claim it if still free, then mark it being scanned."""
    claimed = scan_request_claim(task_id=task.pk, station=station)
    Task.objects.filter(pk=task.pk, state=State.CLAIMED).update(
        state=State.SCANNING, updated_at=timezone.now()
    )
    claimed.refresh_from_db()
    return claimed


def scan_request_release(*, task: ScanRequest) -> ScanRequest:
    """Staff put a claimed task back in the queue (e.g. the station broke down)."""
    updated = Task.objects.filter(pk=task.pk, state__in=ACTIVE).update(
        state=State.PENDING, claimed_by=None, claimed_at=None, updated_at=timezone.now()
    )
    if not updated:
        raise ScanRequestStateError(f"task {task.pk} is {task.state}")
    task.refresh_from_db()
    return task


def scan_job_finished(*, job_id: int) -> None:
    """The task waiting on this batch's job follows the job: done, failed, or done after all.

    The worker edge calls this after every attempt that can settle a job (a page, an input,
    the assembly), because ``catalogue`` sits below ``scanning`` and cannot call up: the
    job's own failure services stay unaware of scan tasks. A job failure fails the task with
    the job's bilingual error; a failed job that staff retry (``pustaka retry``) and that
    then completes turns the task done (and queues the email). Safe to call any number of
    times; only the job of the task's latest batch counts (an older, released attempt not).
    """
    batch = (
        ScanBatch.objects.filter(job_id=job_id, scan_task__isnull=False)
        .select_related("job", "scan_task")
        .first()
    )
    if batch is None or batch.scan_task is None:
        return
    job = batch.job
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=batch.scan_task.pk)
        if not _waits_on_job(task) or _latest_job_id(task) != job_id:
            return
        if job.state == DigitisationJob.JobState.DONE:
            _task_done(task)
        elif job.state == DigitisationJob.JobState.FAILED:
            _task_failed_with(task, job)


def _waits_on_job(task: ScanRequest) -> bool:
    """Being scanned, or failed because its job failed (``finished_at`` still empty).

    A task that failed at delivery has a finished PDF (``finished_at`` set): a second
    call after assembly must not send it again; staff use "send again" for that.
    """
    return task.state in ACTIVE or (task.state == State.FAILED and task.finished_at is None)


def _latest_job_id(task: ScanRequest) -> int | None:
    return (
        ScanBatch.objects.filter(scan_task=task)
        .order_by("-created_at", "-pk")
        .values_list("job_id", flat=True)
        .first()
    )


def _task_done(task: ScanRequest) -> None:
    task.state = State.DONE
    task.finished_at = timezone.now()
    task.clear_error()
    task.save()
    if task.holding_id:
        holding = Holding.objects.get(pk=task.holding_id)
        if holding.status == Holding.Status.SCANNING:
            holding_set_status(holding=holding, status=Holding.Status.AVAILABLE)
    if task.kind == Task.Kind.SCAN_TO_EMAIL:
        enqueue_on_commit(tasknames.DELIVER_SCAN, task.pk, queue=settings.SCAN_DELIVERY_QUEUE)


def _task_failed_with(task: ScanRequest, job: DigitisationJob) -> None:
    """The job's error, as it is, so the queue says which page failed and why.

    The copy stays "being scanned": staff retry the job from the kept pages. A retried job
    that fails again brings its new error; the same one again writes nothing.
    """
    detail = f"job {job.pk}: {job.error_detail}"
    if task.state == State.FAILED and (task.error_code, task.error_detail) == (
        job.error_code,
        detail,
    ):
        return
    task.state = State.FAILED
    task.set_error(
        {"code": job.error_code, "id": job.error_id, "en": job.error_en, "detail": detail}
    )
    task.save()


def scan_page_settled(*, page_id: int) -> None:
    """A page task ended (done or given up): its job may have settled with it."""
    job_id = JobPage.objects.filter(pk=page_id).values_list("job_id", flat=True).first()
    if job_id is not None:
        scan_job_finished(job_id=job_id)


def scan_input_settled(*, input_id: int) -> None:
    """An input was read (or found unreadable, which fails its job)."""
    job_id = JobInput.objects.filter(pk=input_id).values_list("job_id", flat=True).first()
    if job_id is not None:
        scan_job_finished(job_id=job_id)
