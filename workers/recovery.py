"""Recovery from the database: the broker is a delivery hint, never the record.

Two entry points. When a worker starts, its pages left ``processing`` are re-queued at
once (none of its processes can still be running them). Every minute the reconciler
(beat) compares what the database says is unfinished with the messages that still
live — waiting in a broker queue, or held by a worker that answers — and re-dispatches
the rest. Bounds (settings, justified in docs/reliability.md):

- a page ``queued`` for longer than ``RECONCILE_QUEUED_AFTER`` (60 s) with no message:
  a message reaches the broker within milliseconds of the commit that queued the page;
- a page ``processing`` for longer than ``RECONCILE_PROCESSING_AFTER`` (the OCR hard time
  limit + 60 s) that no answering worker holds: a worker that does not answer may be
  alive behind a broken link, but no attempt outlives the hard time limit, so after it
  the page cannot be running anywhere and re-dispatching cannot OCR it twice at once;
- an assembly begun more than ``RECONCILE_ASSEMBLING_AFTER`` ago with no message.

Messages parked in Redis's ``unacked`` set are not counted as live: they belong to a
worker that died and would only come back after the visibility timeout (an hour). When
they do, the tasks find their page done or their job assembled and change nothing.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from celery import Celery
from django.conf import settings
from django.db import connections
from django.utils import timezone

from catalogue.selectors.recovery import unfinished_work
from catalogue.services import recovery
from common import tasknames

log = logging.getLogger("pustaka.recovery")
INSPECT_TIMEOUT = 1.5
WATCHED = (tasknames.PROCESS_PAGE, tasknames.EXPAND_INPUT, tasknames.ASSEMBLE_JOB)


@dataclass(frozen=True)
class ReconcileReport:
    pages: list[int]
    inputs: list[int]
    jobs: list[int]
    skipped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def on_worker_start(app: Celery, hostname: str) -> list[int]:
    """Re-queue the pages this worker left ``processing``, then ask for a reconcile run
    (pages whose messages it had prefetched are parked in the broker)."""
    try:
        pages = recovery.pages_requeue_on_worker(worker=hostname)
    finally:
        connections.close_all()  # the main process forks pool children later
    if pages:
        log.warning("worker %s started: re-queued pages %s it left processing", hostname, pages)
    app.send_task(tasknames.RECONCILE_JOBS, queue=tasknames.QUEUE_DEFAULT)
    return pages


def reconcile(app: Celery) -> ReconcileReport:
    """Re-dispatch unfinished work whose message is neither queued nor held by a worker."""
    now = timezone.now()
    work = unfinished_work(
        queued_before=now - timedelta(seconds=settings.RECONCILE_QUEUED_AFTER),
        processing_before=now - timedelta(seconds=settings.RECONCILE_PROCESSING_AFTER),
        assembling_before=now - timedelta(seconds=settings.RECONCILE_ASSEMBLING_AFTER),
    )
    if not (
        work.queued_pages
        or work.processing_pages
        or work.unread_inputs
        or work.assembling_jobs
        or work.complete_jobs
    ):
        return ReconcileReport([], [], [])
    live = live_messages(app)
    if live is None:
        return ReconcileReport([], [], [], skipped=True)  # the broker is down: next run
    pages = recovery.pages_redispatch(
        page_ids=_not_live(work.queued_pages, live[tasknames.PROCESS_PAGE]), states=("queued",)
    )
    pages += recovery.pages_redispatch(
        page_ids=_not_live(work.processing_pages, live[tasknames.PROCESS_PAGE]),
        states=("processing",),
    )
    inputs = recovery.inputs_redispatch(
        input_ids=_not_live(work.unread_inputs, live[tasknames.EXPAND_INPUT])
    )
    jobs = recovery.jobs_reassemble(
        job_ids=[
            *_not_live(work.assembling_jobs, live[tasknames.ASSEMBLE_JOB]),
            *work.complete_jobs,
        ]
    )
    report = ReconcileReport(pages, inputs, jobs)
    if pages or inputs or jobs:
        log.warning("reconciler re-dispatched %s", report.as_dict())
    return report


def _not_live(ids: Iterable[int], live: set[int]) -> list[int]:
    return [i for i in ids if i not in live]


def live_messages(app: Celery) -> dict[str, set[int]] | None:
    """Task name → first argument of every message still alive: waiting in a queue, or
    active, reserved or scheduled (retry countdown) on a worker that answers."""
    live: dict[str, set[int]] = {name: set() for name in WATCHED}
    try:
        replies = app.control.ping(timeout=INSPECT_TIMEOUT) or []
        answering = [name for reply in replies for name in reply]
        held: list[Any] = []
        if answering:  # replies from every worker that answered, without waiting longer
            inspect = app.control.inspect(
                timeout=INSPECT_TIMEOUT, destination=answering, limit=len(answering)
            )
            held = [inspect.active(), inspect.reserved(), inspect.scheduled()]
        queued = list(_queued_messages(app))
    except Exception:  # broker unreachable: nothing can be sent either
        log.exception("reconciler: cannot read the broker")
        return None
    for replies in held:
        for requests in (replies or {}).values():
            for entry in requests or []:
                request: Any = entry.get("request", entry)  # scheduled entries wrap it
                _note(live, request.get("name"), request.get("args"))
    for task, args in queued:
        _note(live, task, args)
    return live


def _note(live: dict[str, set[int]], task: object, args: object) -> None:
    if task in live and isinstance(args, list | tuple) and args and isinstance(args[0], int):
        live[str(task)].add(args[0])


def _queued_messages(app: Celery) -> Iterable[tuple[str, list[Any]]]:
    """(task name, args) of every message waiting in the Redis lists of our queues."""
    with app.connection_for_read() as conn:
        channel: Any = conn.default_channel
        client = channel.client
        steps = getattr(channel, "priority_steps", [0])
        for queue in tasknames.ALL_QUEUES:
            for priority in steps:
                key = channel._q_for_pri(queue, priority)
                for raw in client.lrange(key, 0, -1):
                    parsed = _parse(raw)
                    if parsed is not None:
                        yield parsed


def _parse(raw: bytes) -> tuple[str, list[Any]] | None:
    """A kombu Redis message (JSON envelope, base64 body) → (task name, args)."""
    try:
        message = json.loads(raw)
        body = message["body"]
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = json.loads(body)[0]
        return str(message["headers"]["task"]), list(args)
    except (ValueError, KeyError, TypeError, IndexError):
        return None
