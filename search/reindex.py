"""Full rebuild: fresh indexes filled from the database, then one atomic swap.

The live indexes answer queries until the swap flips them; the old contents are dropped
afterwards. No lock is held while the fresh indexes fill (≈70 s at 100k pages), so the
catalogue's writes go on meanwhile on SQLite too:

1. start, a short transaction under the sync lock: mark the lock row — when the reindex
   began and the highest outbox id its reading of the database covers;
2. fill ``…-next`` from the database, no lock held. A flush meanwhile finds the mark and
   backs off with ``SearchBusyError``, its rows kept: written to the live index they
   would be lost at the swap;
3. swap, a short transaction under the lock: swap the indexes, delete the covered outbox
   rows, clear the mark, and enqueue a flush on commit for rows written during the fill.

A mark older than ``SEARCH_REINDEX_STALE_SECONDS`` is a crashed reindex: flushes ignore
it and the next reindex replaces it. A reindex still filling past that limit abandons
its swap (flushes have gone on into the live indexes meanwhile).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import meilisearch
from django.db.models import Max
from django.utils import timezone

from catalogue.models import Publication
from search.config import search_client
from search.documents import (
    INDEXED_SOFTCOPY,
    ORPHAN,
    PublicationMeta,
    indexed_softcopies,
    live_publications,
    meta_of,
    page_documents,
    publication_document,
    record_document,
)
from search.errors import ReindexAbandonedError, SearchBusyError
from search.models import OutboxEntry, SyncLock
from search.outbox import schedule_flush
from search.sync import LOCK_NAME, reindex_in_progress, sync_lock
from search_index.client import wait_for_task
from search_index.errors import SearchUnavailableError
from search_index.indexes import create_index, drop, ensure_index, forget_configured, swap
from search_index.schema import PAGES, PUBLICATIONS

CHUNK = 5000
IN_FLIGHT = 4  # document batches queued in Meilisearch before we wait for the oldest


@dataclass(frozen=True)
class ReindexReport:
    publications: int
    pages: int
    seconds: float


class _Loader:
    """Queues document batches and waits for each task (a few in flight at once)."""

    def __init__(self, client: meilisearch.Client, uid: str) -> None:
        self.client, self.uid = client, uid
        self.buffer: list[dict[str, Any]] = []
        self.pending: list[int] = []
        self.count = 0

    def add(self, document: dict[str, Any]) -> None:
        self.buffer.append(document)
        if len(self.buffer) >= CHUNK:
            self._send()

    def _send(self) -> None:
        if not self.buffer:
            return
        try:
            task = self.client.index(self.uid).add_documents(self.buffer, primary_key="id")
        except (meilisearch.errors.MeilisearchCommunicationError, OSError) as exc:
            raise SearchUnavailableError(str(exc)) from exc
        self.count += len(self.buffer)
        self.buffer = []
        self.pending.append(task.task_uid)
        while len(self.pending) > IN_FLIGHT:
            wait_for_task(self.client, self.pending.pop(0), timeout_ms=600_000)

    def finish(self) -> int:
        self._send()
        for uid in self.pending:
            wait_for_task(self.client, uid, timeout_ms=600_000)
        self.pending = []
        return self.count


def reindex(*, progress: Callable[[str], None] = lambda _: None) -> ReindexReport:
    client, config = search_client(timeout=30)
    started = time.monotonic()
    live = {base: ensure_index(client, config, base) for base in (PUBLICATIONS, PAGES)}
    fresh = {base: f"{uid}-next" for base, uid in live.items()}
    begun, covered = _mark_started()
    try:
        for base, uid in fresh.items():
            drop(client, uid)
            create_index(client, uid, base)
        publications, pages = _fill(client, fresh[PUBLICATIONS], fresh[PAGES], progress)
        progress("swap")
        with sync_lock(wait=True) as lock:
            if lock.reindex_started_at != begun or not reindex_in_progress(lock):
                raise ReindexAbandonedError(f"reindex begun {begun:%Y-%m-%d %H:%M:%S} is stale")
            swap(client, [(live[base], fresh[base]) for base in live])
            OutboxEntry.objects.filter(id__lte=covered).delete()
            SyncLock.objects.filter(pk=lock.pk).update(
                watermark=begun, reindex_started_at=None, reindex_covered=None
            )
            schedule_flush()  # on commit: the rows written during the fill
    except BaseException:
        _clear_mark(begun)  # flushes resume into the live indexes; no row was deleted
        raise
    for uid in fresh.values():
        drop(client, uid)  # now the old contents
    forget_configured()
    return ReindexReport(publications, pages, time.monotonic() - started)


def _mark_started() -> tuple[datetime, int]:
    """Mark the lock row: a reindex is filling, covering the outbox up to its top id."""
    with sync_lock(wait=True) as lock:
        if reindex_in_progress(lock):  # both would fill the same ``…-next`` indexes
            raise SearchBusyError("another reindex is in progress")
        # Rows up to here are covered by the reading below; later ones are flushed after.
        covered = OutboxEntry.objects.aggregate(top=Max("id"))["top"] or 0
        begun = timezone.now()
        SyncLock.objects.filter(pk=lock.pk).update(
            reindex_started_at=begun, reindex_covered=covered
        )
    return begun, covered


def _clear_mark(begun: datetime) -> None:
    """Remove this reindex's mark (not a newer one's) after it failed."""
    with sync_lock(wait=True):
        SyncLock.objects.filter(name=LOCK_NAME, reindex_started_at=begun).update(
            reindex_started_at=None, reindex_covered=None
        )


def _fill(
    client: meilisearch.Client, pubs_uid: str, pages_uid: str, progress: Callable[[str], None]
) -> tuple[int, int]:
    publications = _Loader(client, pubs_uid)
    pages = _Loader(client, pages_uid)
    metas: dict[int, PublicationMeta] = {}
    for publication in live_publications():
        meta = meta_of(publication)
        metas[publication.pk] = meta
        publications.add(publication_document(publication, meta))
        pages.add(record_document(publication, meta))
    progress(f"publications: {len(metas)}")
    for softcopy in indexed_softcopies():
        owner = metas.get(softcopy.publication_id) if softcopy.publication_id else ORPHAN
        if owner is None:  # appeared after the publications were read: the outbox has it
            continue
        for document in page_documents(softcopy, owner):
            pages.add(document)
    total_pages = pages.finish()
    progress(f"documents: {total_pages}")
    return publications.finish(), total_pages - len(metas)


def database_counts() -> dict[str, int]:
    """What the indexes should hold, counted in the database."""
    from catalogue.models import Page, Softcopy

    publications = Publication.objects.live().count()
    indexed = Softcopy.objects.filter(INDEXED_SOFTCOPY).values("pk")
    pages = Page.objects.filter(softcopy_id__in=indexed).count()
    return {PUBLICATIONS: publications, PAGES: pages + publications}
