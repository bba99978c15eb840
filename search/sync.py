"""The flush: outbox rows in batches → documents from the database → Meilisearch.

Rows are deleted only after every Meilisearch task of their batch succeeded; when
Meilisearch is down the exception leaves them in place for the retry or the periodic
flush. Flushes hold the sync lock for one batch (see ``sync_lock``: a row lock on
PostgreSQL, the write lock on SQLite) so an older build never overwrites a newer one.
While a reindex fills its fresh indexes a flush backs off (``SearchBusyError``, rows
kept) so nothing it would write to the retiring index is lost at the swap.
Re-running a flush changes nothing: documents are rebuilt and replaced.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import meilisearch
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from catalogue.models import Publication, Softcopy
from search.config import search_client
from search.documents import (
    ORPHAN,
    PublicationMeta,
    indexed_softcopies,
    live_publications,
    meta_of,
    page_documents,
    publication_document,
    record_document,
    softcopy_is_indexed,
)
from search.errors import ReindexInProgressError, SearchBusyError
from search.models import OutboxEntry, SyncLock
from search_index.client import SearchConfig
from search_index.filters import equals, one_of
from search_index.indexes import delete_ids, delete_where, ensure_index, upsert
from search_index.schema import PAGES, PUBLICATIONS

BATCH_ROWS = 500
UPSERT_CHUNK = 5000
LOCK_NAME = "search"


def reindex_in_progress(lock: SyncLock) -> bool:
    """A reindex has marked the lock row and is filling; a mark older than
    ``SEARCH_REINDEX_STALE_SECONDS`` is a crashed reindex and counts for nothing."""
    if lock.reindex_started_at is None:
        return False
    age = (timezone.now() - lock.reindex_started_at).total_seconds()
    return age < settings.SEARCH_REINDEX_STALE_SECONDS


@contextlib.contextmanager
def sync_lock(*, wait: bool = False) -> Iterator[SyncLock]:
    """Hold the one sync lock for the block: a transaction that locks the lock row.

    One mechanism on both databases — the transaction — with what each database makes
    of it. PostgreSQL: ``SELECT … FOR UPDATE`` locks the row until the transaction
    ends; other writes go on. SQLite: that statement is a no-op, but the project opens
    SQLite transactions with ``BEGIN IMMEDIATE`` (``portal/settings.py``), which takes
    the database's single write lock at BEGIN, so two holders can never overlap — and
    no other write commits meanwhile either (writers wait, up to the connection's
    timeout). Without ``wait``, a lock held elsewhere raises SearchBusyError at once on
    PostgreSQL and after ``NO_WAIT_SECONDS`` on SQLite (long enough to ride out an
    ordinary edit). So every holder keeps it briefly: one flush batch, or the start or
    the swap of a reindex — never a reindex's fill.
    """
    SyncLock.objects.get_or_create(name=LOCK_NAME)
    with contextlib.ExitStack() as stack:
        _begin(stack, wait=wait)
        rows = SyncLock.objects.select_for_update(skip_locked=not wait).filter(name=LOCK_NAME)
        lock = rows.first()
        if lock is None:
            raise SearchBusyError("sync lock held")
        yield lock


NO_WAIT_SECONDS = 1.0


def _begin(stack: contextlib.ExitStack, *, wait: bool) -> None:
    """Enter the lock's transaction; on SQLite, BEGIN IMMEDIATE is where it waits."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()  # the mode is read from the settings on connecting
        mode = getattr(connection, "transaction_mode", None)
        if mode not in ("IMMEDIATE", "EXCLUSIVE"):  # a deferred BEGIN would lock nothing
            raise ImproperlyConfigured(
                "The search sync lock needs SQLite transactions opened with "
                f"transaction_mode IMMEDIATE (portal/settings.py), not {mode!r}."
            )
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        stack.enter_context(transaction.atomic())  # nested: the outer BEGIN holds the lock
        return
    while True:
        try:
            with _busy_timeout(None if wait else NO_WAIT_SECONDS):
                stack.enter_context(transaction.atomic())
            return
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            if not wait:  # another writer holds the database's write lock
                raise SearchBusyError("sync lock held") from exc
            # A reindex waits as long as it takes, like FOR UPDATE on PostgreSQL.


@contextlib.contextmanager
def _busy_timeout(seconds: float | None) -> Iterator[None]:
    """SQLite's busy timeout for the enclosed statements (None: the configured one)."""
    if seconds is None:
        yield
        return
    configured = float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(configured * 1000)}")


@dataclass
class Changes:
    publications: set[int] = field(default_factory=set)
    softcopies: set[int] = field(default_factory=set)


def flush_outbox(*, batch_rows: int = BATCH_ROWS) -> int:
    """Apply every pending outbox row; returns how many rows were applied."""
    client, config = search_client()
    applied = 0
    while True:
        with sync_lock() as lock:
            rows = list(OutboxEntry.objects.order_by("id")[:batch_rows])
            if not rows:
                return applied
            if reindex_in_progress(lock):
                # Written now, these documents would go to the index the swap retires:
                # the rows wait for the flush the swap enqueues (or the retry/sweep).
                raise ReindexInProgressError("reindex in progress")
            changes = Changes()
            for row in rows:
                target = changes.publications if row.kind == row.Kind.PUBLICATION else None
                (target if target is not None else changes.softcopies).add(row.object_id)
            apply_changes(client, config, changes)
            OutboxEntry.objects.filter(pk__in=[row.pk for row in rows]).delete()
            applied += len(rows)


def apply_changes(client: meilisearch.Client, config: SearchConfig, changes: Changes) -> None:
    """Rebuild the documents of these publications and softcopies from the database."""
    pubs_uid = ensure_index(client, config, PUBLICATIONS)
    pages_uid = ensure_index(client, config, PAGES)
    built = Built()
    _build_publications(changes.publications, built)
    # A publication's metadata is repeated on its pages: rebuild its softcopies too.
    softcopy_ids = set(changes.softcopies)
    softcopy_ids.update(s.pk for s in indexed_softcopies(built.live))
    _build_softcopies(softcopy_ids, built)
    upsert(client, pubs_uid, built.publication_docs)
    for start in range(0, len(built.page_docs), UPSERT_CHUNK):
        upsert(client, pages_uid, built.page_docs[start : start + UPSERT_CHUNK])
    gone_publications = sorted(changes.publications - built.live)
    if gone_publications:
        delete_ids(client, pubs_uid, gone_publications)
        delete_where(client, pages_uid, one_of("publication_id", gone_publications))
    if built.gone_softcopies:
        delete_where(client, pages_uid, one_of("softcopy_id", sorted(built.gone_softcopies)))
    if built.trims:  # pages removed from a softcopy that is still indexed
        delete_where(client, pages_uid, " OR ".join(built.trims))


@dataclass
class Built:
    """Documents to write and what to delete, from one batch of changes."""

    publication_docs: list[dict[str, Any]] = field(default_factory=list)
    page_docs: list[dict[str, Any]] = field(default_factory=list)
    live: set[int] = field(default_factory=set)
    metas: dict[int, PublicationMeta] = field(default_factory=dict)
    gone_softcopies: set[int] = field(default_factory=set)
    trims: list[str] = field(default_factory=list)


def _build_publications(ids: set[int], built: Built) -> None:
    for publication in live_publications(ids):
        meta = meta_of(publication)
        built.live.add(publication.pk)
        built.metas[publication.pk] = meta
        built.publication_docs.append(publication_document(publication, meta))
        built.page_docs.append(record_document(publication, meta))


def _build_softcopies(ids: set[int], built: Built) -> None:
    found = Softcopy.objects.select_related("publication").in_bulk(sorted(ids))
    for softcopy_id in sorted(ids):
        softcopy = found.get(softcopy_id)
        if softcopy is None or not softcopy_is_indexed(softcopy):
            built.gone_softcopies.add(softcopy_id)
            continue
        meta = ORPHAN
        if softcopy.publication is not None:
            meta = built.metas.setdefault(softcopy.publication.pk, meta_of(softcopy.publication))
        last = 0
        for document in page_documents(softcopy, meta):
            built.page_docs.append(document)
            last = document["page"]
        built.trims.append(f"({equals('softcopy_id', softcopy_id)} AND page > {last})")


def sweep_modified() -> int:
    """Outbox rows for publications changed by bulk updates (which send no signals)."""
    lock, _ = SyncLock.objects.get_or_create(name=LOCK_NAME)
    now = timezone.now()
    if lock.watermark is None:
        SyncLock.objects.filter(pk=lock.pk).update(watermark=now)
        return 0
    ids = list(
        Publication.objects.filter(modified_at__gt=lock.watermark).values_list("pk", flat=True)
    )
    with transaction.atomic():
        OutboxEntry.objects.bulk_create(
            [OutboxEntry(kind=OutboxEntry.Kind.PUBLICATION, object_id=i) for i in ids]
        )
        SyncLock.objects.filter(pk=lock.pk).update(watermark=now)
    return len(ids)


def outbox_backlog() -> dict[str, Any]:
    oldest = OutboxEntry.objects.order_by("id").values_list("created_at", flat=True).first()
    return {"pending": OutboxEntry.objects.count(), "oldest": oldest}
