"""Writing outbox rows inside the caller's transaction, and asking for a flush on commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import current_app
from django.db import connection, transaction

from common import tasknames
from search.models import OutboxEntry

logger = logging.getLogger(__name__)


def record(kind: str, ids: Iterable[int | None]) -> None:
    """Note that these objects changed; the flush after commit rebuilds their documents."""
    wanted = sorted({int(i) for i in ids if i is not None})
    if not wanted:
        return
    OutboxEntry.objects.bulk_create([OutboxEntry(kind=kind, object_id=i) for i in wanted])
    schedule_flush()


def schedule_flush() -> None:
    """Enqueue one flush when the transaction commits (one per transaction, not per row).

    A broker outage must not undo a catalogue edit that already committed: the rows wait
    and the periodic flush takes them (``robust=True`` logs instead of raising).
    """
    pending = getattr(connection, "run_on_commit", [])
    if connection.in_atomic_block and any(
        getattr(f, "pustaka_flush", False) for _, f, _ in pending
    ):
        return
    transaction.on_commit(_send_flush, robust=True)


def _send_flush() -> None:
    current_app.send_task(tasknames.FLUSH_SEARCH_OUTBOX, queue=tasknames.QUEUE_INDEX)


_send_flush.pustaka_flush = True  # type: ignore[attr-defined]
