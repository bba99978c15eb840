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
from django.conf import settings

from catalogue.services import jobs as job_services
from search_index.errors import SearchUnavailableError
from visitors.services.retention import visitors_purge
from workers import digitise, names
from workers.pipeline.errors import ToolTimeoutError

TRANSIENT = (ToolTimeoutError, ConnectionError, TimeoutError, SearchUnavailableError)
MAX_RETRIES = 5


def _backoff(retries: int) -> float:
    """Exponential backoff with full jitter, capped at two minutes."""
    return random.uniform(0, min(120.0, 2.0 ** (retries + 1)))


@shared_task(name=names.PING)
def ping() -> dict[str, str]:
    """Answer with this worker's host name: proves a round trip through the broker."""
    return {"pong": socket.gethostname()}


@shared_task(
    bind=True,
    name=names.EXPAND_INPUT,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def expand_input(self: Task[Any, Any], input_id: int) -> None:
    try:
        digitise.expand_input(input_id)
    except TRANSIENT as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


@shared_task(
    bind=True,
    name=names.PROCESS_PAGE,
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
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        job_services.page_fail(page_id=page_id, message=_message("page_retries_exhausted", exc))
    except SoftTimeLimitExceeded as exc:
        job_services.page_fail(page_id=page_id, message=_message("page_timeout", exc))
    except Exception as exc:
        # A bug, not bad input: fail the page visibly (staff can retry) and log it.
        job_services.page_fail(page_id=page_id, message=_message("internal_error", exc))
        raise


@shared_task(
    bind=True,
    name=names.ASSEMBLE_JOB,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=1800,
    time_limit=2400,
    max_retries=MAX_RETRIES,
)
def assemble_job(self: Task[Any, Any], job_id: int) -> None:
    try:
        digitise.assemble_job(job_id)
    except TRANSIENT as exc:
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        job_services.job_assembly_failed(job_id=job_id, message=_message("assembly_failed", exc))
    except Exception as exc:
        job_services.job_assembly_failed(job_id=job_id, message=_message("assembly_failed", exc))
        raise


@shared_task(bind=True, name=names.INDEX_SOFTCOPY, acks_late=True, max_retries=None)
def index_softcopy(self: Task[Any, Any], softcopy_id: int) -> None:
    """Send a softcopy's pages to the search index; waits out a Meilisearch outage."""
    try:
        digitise.index_softcopy(softcopy_id)
    except SearchUnavailableError as exc:
        raise self.retry(exc=exc, countdown=_backoff(min(self.request.retries, 6))) from exc


@shared_task(name=names.PURGE_VISITORS)
def purge_visitors() -> int:
    """Anonymise visitors past the retention period (UU 27/2022); statistics stay."""
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
