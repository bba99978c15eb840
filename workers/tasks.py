"""Celery tasks: thin edges that take ids and call workers.digitise.

Page tasks are idempotent (a page already done is skipped), so they acknowledge late and
are re-delivered when a worker process dies mid-page. Only named transient errors retry.
"""

from __future__ import annotations

import random
import socket
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections

from backups.errors import BackupBusyError
from backups.services import backup_create
from catalogue.errors import StorageFullError
from catalogue.services import jobs as job_services
from catalogue.services.intake import softcopy_auto_accept
from catalogue.services.thumbnails import ThumbnailError, softcopy_make_thumbnails
from common import tasknames
from common.tasknames import (
    BACKUP_NIGHTLY,
    DELIVER_SCAN,
    EXTRACT_TABLES,
    FLUSH_SEARCH_OUTBOX,
    INTAKE_AUTO_ACCEPT,
    MAKE_THUMBNAILS,
    PURGE_FEEDBACK_CONTACTS,
    PURGE_PATRONS,
    SWEEP_SEARCH_OUTBOX,
)
from feedback.services.retention import complaint_contacts_purge
from patrons.services.retention import patrons_purge
from scanning.errors import DeliveryError
from scanning.services.delivery import scan_delivery_failed, scan_request_deliver
from scanning.services.requests import scan_input_settled, scan_job_finished, scan_page_settled
from scanning.services.retention import scan_requests_purge
from search import sync as search_sync
from search.errors import ReindexInProgressError, SearchBusyError
from search_index.errors import SearchUnavailableError
from visitors.services.retention import visitors_purge
from workers import digitise, recovery
from workers import tables as table_work
from workers.pipeline.errors import ToolTimeoutError

# A database connection the server dropped (restart, network cut: OperationalError,
# InterfaceError) is as transient as a dropped broker: retried on a new connection.
TRANSIENT = (
    ToolTimeoutError,
    ConnectionError,
    TimeoutError,
    SearchUnavailableError,
    OperationalError,
    InterfaceError,
)
MAX_RETRIES = 5
THUMBNAILS_FULL_DISK_WAIT = 600.0  # seconds: someone must free space first


def _backoff(retries: int) -> float:
    """Exponential backoff with full jitter, capped at two minutes."""
    return random.uniform(0, min(120.0, 2.0 ** (retries + 1)))


@shared_task(name=tasknames.PING)
def ping() -> dict[str, str]:
    """Answer with this worker's host name: proves a round trip through the broker."""
    return {"pong": socket.gethostname()}


@shared_task(
    bind=True,
    name=tasknames.EXPAND_INPUT,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def expand_input(self: Task[Any, Any], input_id: int) -> None:
    try:
        digitise.expand_input(input_id)
    except TRANSIENT as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    finally:
        # An unreadable input failed its job: a scan task follows it.
        scan_input_settled(input_id=input_id)


@shared_task(
    bind=True,
    name=tasknames.PROCESS_PAGE,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.OCR_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.OCR_TASK_TIME_LIMIT,
    max_retries=MAX_RETRIES,
)
def process_page(self: Task[Any, Any], page_id: int) -> None:
    try:
        digitise.process_page(page_id, worker=self.request.hostname or socket.gethostname())
    except TRANSIENT as exc:
        close_old_connections()  # a broken one is closed, the next query opens a new one
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        job_services.page_fail(page_id=page_id, message=_message("page_retries_exhausted", exc))
    except SoftTimeLimitExceeded as exc:
        job_services.page_fail(page_id=page_id, message=_message("page_timeout", exc))
    except Exception as exc:
        # A bug, not bad input: fail the page visibly (staff can retry) and log it.
        job_services.page_fail(page_id=page_id, message=_message("internal_error", exc))
        raise
    finally:
        # A page given up (here or inside digitise) failed its job: a scan task follows it.
        scan_page_settled(page_id=page_id)


@shared_task(
    bind=True,
    name=tasknames.ASSEMBLE_JOB,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.ASSEMBLE_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.ASSEMBLE_TASK_TIME_LIMIT,
    max_retries=MAX_RETRIES,
)
def assemble_job(self: Task[Any, Any], job_id: int) -> None:
    try:
        digitise.assemble_job(job_id)
    except TRANSIENT as exc:
        close_old_connections()  # a broken one is closed, the next query opens a new one
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        job_services.job_assembly_failed(job_id=job_id, message=_message("assembly_failed", exc))
    except Exception as exc:
        job_services.job_assembly_failed(job_id=job_id, message=_message("assembly_failed", exc))
        raise
    finally:
        # A scan task waiting on this job finishes or fails with it (email queued when done).
        scan_job_finished(job_id=job_id)


@shared_task(bind=True, name=FLUSH_SEARCH_OUTBOX, acks_late=True, max_retries=8)
def flush_search_outbox(self: Task[Any, Any]) -> int:
    """Apply pending search changes; retried with backoff while Meilisearch is down
    (the periodic sweep flushes whatever is left after the retries)."""
    return _flush_or_retry(self)


@shared_task(name=SWEEP_SEARCH_OUTBOX)
def sweep_search_outbox() -> int:
    """Periodic: bulk catalogue edits into the outbox, then flush (left-overs too)."""
    search_sync.sweep_modified()
    try:
        return search_sync.flush_outbox()
    except (SearchUnavailableError, SearchBusyError):
        return 0  # the rows wait for the next run


def _flush_or_retry(task: Task[Any, Any]) -> int:
    try:
        return search_sync.flush_outbox()
    except ReindexInProgressError:
        return 0  # the reindex's swap enqueues the flush that applies these rows
    except SearchBusyError as exc:  # another flush holds the lock for one batch
        raise task.retry(exc=exc, countdown=1 + random.random()) from exc
    except SearchUnavailableError as exc:
        raise task.retry(exc=exc, countdown=_backoff(min(task.request.retries, 5))) from exc


@worker_ready.connect
def requeue_on_worker_start(sender: Any, **_: Any) -> None:
    """A (re)started worker re-queues its own pages left ``processing`` (power cut, crash)."""
    recovery.on_worker_start(sender.app, sender.hostname)


@shared_task(bind=True, name=tasknames.RECONCILE_JOBS)
def reconcile_jobs(self: Task[Any, Any]) -> dict[str, Any]:
    """Periodic: re-dispatch pages, inputs and assemblies whose message was lost or parked."""
    return recovery.reconcile(self.app).as_dict()


@shared_task(name=tasknames.PURGE_VISITORS)
def purge_visitors() -> int:
    """Anonymise visitors past the retention period (UU 27/2022); statistics stay."""
    scan_requests_purge()  # scan-to-email addresses share the visitors' retention period
    return visitors_purge()


_MESSAGES = {
    "page_timeout": (
        "Pemrosesan halaman melebihi batas waktu.",
        "Processing the page took too long.",
    ),
    "page_retries_exhausted": (
        "Halaman gagal diproses setelah beberapa percobaan.",
        "The page failed after several attempts.",
    ),
    "internal_error": (
        "Terjadi kesalahan sistem saat memproses halaman.",
        "A system error occurred while processing the page.",
    ),
    "assembly_failed": ("Penyusunan PDF gagal.", "Assembling the PDF failed."),
}


def _message(code: str, exc: BaseException) -> dict[str, str]:
    text_id, text_en = _MESSAGES[code]
    return {
        "code": code,
        "id": text_id,
        "en": text_en,
        "detail": f"{type(exc).__name__}: {exc}"[:2000],
    }


@shared_task(
    bind=True,
    name=MAKE_THUMBNAILS,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def make_thumbnails(self: Task[Any, Any], softcopy_id: int) -> int:
    """Small pictures of a finished softcopy's pages; pages that have one are skipped."""
    try:
        return softcopy_make_thumbnails(softcopy_id=softcopy_id)
    except ThumbnailError:
        # A damaged file will not render better next time; the page shows no pictures.
        return 0
    except StorageFullError as exc:
        # The softcopy is whole; its pictures wait for room (the ones made are kept).
        raise self.retry(exc=exc, countdown=THUMBNAILS_FULL_DISK_WAIT) from exc


@shared_task(name=INTAKE_AUTO_ACCEPT, acks_late=True)
def intake_auto_accept(softcopy_id: int) -> int | None:
    """Attach a finished, uncatalogued softcopy to the one record its pages name exactly
    (only with PUSTAKA_INTAKE_AUTO_ACCEPT on); idempotent: a catalogued one is left alone."""
    publication = softcopy_auto_accept(softcopy_id=softcopy_id)
    return publication.pk if publication else None


@shared_task(name=EXTRACT_TABLES, acks_late=True, reject_on_worker_lost=True)
def extract_tables(softcopy_id: int, force: bool = False) -> int:
    """The statistical tables of a finished softcopy's pages, read from the words each
    page already has (hOCR or the PDF's text); pages already searched are skipped."""
    return table_work.extract_softcopy_tables(softcopy_id, force=force)


@shared_task(bind=True, name=DELIVER_SCAN, max_retries=MAX_RETRIES)
def deliver_scan(self: Task[Any, Any], task_id: int) -> None:
    """Email a finished scan-to-email request; transient SMTP trouble retries with backoff."""
    try:
        scan_request_deliver(task_id=task_id)
    except DeliveryError as exc:
        if exc.retryable and self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        scan_delivery_failed(task_id=task_id, message=exc.user_message())


@shared_task(name=PURGE_PATRONS)
def purge_patrons() -> dict[str, int]:
    """Delete unverified online accounts and erase long-inactive ones (UU 27/2022)."""
    return patrons_purge().as_dict()


@shared_task(name=PURGE_FEEDBACK_CONTACTS)
def purge_feedback_contacts() -> int:
    """Wipe complainants' contacts past the retention period; the register stays."""
    return complaint_contacts_purge()


@shared_task(name=BACKUP_NIGHTLY)
def backup_nightly() -> dict[str, Any]:
    """The scheduled backup into BACKUP_DIR, then pruning by the retention settings.

    Not retried: a failure shows in /healthz as an old backup, and tomorrow tries again.
    A backup already running (a manual one) makes this one skip.
    """
    try:
        return backup_create().as_dict()
    except BackupBusyError:
        return {"skipped": "another backup is running"}
