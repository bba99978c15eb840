"""A reindex on SQLite (the development default) holds no lock while it fills: catalogue
writes commit meanwhile, a flush backs off without losing its rows, and a stale mark
left by a crashed reindex is ignored.

Threads share the file-based test database, each on its own connection, as a web
request, a Celery worker and ``pustaka search-reindex`` would. The fill is held at its
progress line "publications: …" (the fresh publications read, the pages not yet) until
the other thread has finished — so the tests need no clock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from catalogue.models import Publication
from catalogue.services.publications import publication_update
from search import outbox
from search.errors import ReindexAbandonedError, SearchBusyError
from search.models import OutboxEntry, SyncLock
from search.reindex import reindex
from search.sync import LOCK_NAME, flush_outbox, sync_lock
from search_index.indexes import index_name
from tests.search.builders import flush, pages_with, publication, softcopy

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def flushes_sent(monkeypatch: pytest.MonkeyPatch, own_search_flushes: None) -> list[str]:
    """Flush tasks are counted, not sent: a Celery worker left running by other tests
    would otherwise take the outbox rows at a moment of its choosing."""
    sent: list[str] = []
    monkeypatch.setattr(outbox, "_send_flush", lambda: sent.append("flush"))
    return sent


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """``work`` on its own thread and database connection; its result or error is kept."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except Exception as exc:  # kept for the assertions of the test
            outcome["error"] = exc
        finally:
            connection.close()

    return threading.Thread(target=run), outcome


def during_fill(work: Callable[[], Any]) -> tuple[Callable[[str], None], dict[str, Any]]:
    """A progress hook that runs ``work`` on another thread mid-fill and holds the fill
    until it is done: whatever ``work`` does happened while the reindex was filling."""
    thread, outcome = in_thread(work)

    def progress(line: str) -> None:
        if line.startswith("publications:"):
            thread.start()
            thread.join()  # with the old lock-held fill: "database is locked" after 20 s
            outcome["done_before_release"] = True

    return progress, outcome


def indexed_year(search: Any, publication_id: int) -> int:
    index = search.client.index(index_name(search.config, "publications"))
    return int(index.get_document(publication_id).year)


def mark() -> SyncLock:
    return SyncLock.objects.get(name=LOCK_NAME)


def test_a_catalogue_write_commits_while_the_reindex_fills(search) -> None:
    assert connection.vendor == "sqlite"
    owner = publication("Statistik Daerah Kota Pariaman", year=2023)
    flush()

    def save_a_publication() -> str:
        edited = Publication.objects.get(pk=owner.pk)
        edited.title = "Statistik Daerah Kota Pariaman 2023"
        edited.save()  # a plain ORM write, as the desk or the kiosk makes
        return edited.title

    progress, outcome = during_fill(save_a_publication)
    reindex(progress=progress)
    assert outcome.get("done_before_release"), outcome
    assert "error" not in outcome, outcome
    assert Publication.objects.get(pk=owner.pk).title == "Statistik Daerah Kota Pariaman 2023"


def test_a_flush_during_the_fill_backs_off_and_is_applied_after_the_swap(
    search, flushes_sent: list[str]
) -> None:
    owner = publication("Produksi Padi Sawah", year=2020)
    softcopy(owner, pages_with("gabah"))
    flush()
    left: list[int] = []

    def edit_and_flush() -> int:
        publication_update(publication=Publication.objects.get(pk=owner.pk), year=2021)
        try:
            # Applied now it would go to the live index the swap retires: lost.
            return flush_outbox()
        finally:
            left.append(OutboxEntry.objects.count())
            flushes_sent.clear()  # only the swap's flush counts below

    progress, outcome = during_fill(edit_and_flush)
    reindex(progress=progress)  # the fresh indexes were read with year 2020
    assert isinstance(outcome.get("error"), SearchBusyError), outcome
    assert left == [1]  # the busy flush deleted nothing
    assert OutboxEntry.objects.count() == 1  # written after the start: not covered
    assert mark().reindex_started_at is None
    assert flushes_sent == ["flush"]  # enqueued by the swap's commit
    assert flush_outbox() == 1  # what that task (and search-reindex) does
    assert indexed_year(search, owner.pk) == 2021


def test_a_stale_mark_is_ignored_and_a_live_one_is_respected(search, settings) -> None:
    owner = publication("Indeks Harga Konsumen", year=2022)
    SyncLock.objects.get_or_create(name=LOCK_NAME)
    stale = timezone.now() - timedelta(seconds=settings.SEARCH_REINDEX_STALE_SECONDS + 60)
    SyncLock.objects.filter(name=LOCK_NAME).update(reindex_started_at=stale, reindex_covered=0)
    assert flush_outbox() == 1  # a crashed reindex does not stop the flushes
    assert indexed_year(search, owner.pk) == 2022

    SyncLock.objects.filter(name=LOCK_NAME).update(reindex_started_at=timezone.now())
    publication_update(publication=Publication.objects.get(pk=owner.pk), year=2024)
    with pytest.raises(SearchBusyError):
        flush_outbox()
    assert OutboxEntry.objects.count() == 1
    with pytest.raises(SearchBusyError):
        reindex()  # a second reindex would fill the same "-next" indexes

    SyncLock.objects.filter(name=LOCK_NAME).update(reindex_started_at=stale)
    reindex()  # replaces the stale mark, and clears it at its swap
    assert mark().reindex_started_at is None
    assert OutboxEntry.objects.count() == 0  # covered by the reindex
    assert indexed_year(search, owner.pk) == 2024


def test_the_flush_task_leaves_rows_to_the_reindex_instead_of_retrying(search) -> None:
    from workers.tasks import flush_search_outbox

    publication("Indikator Kesejahteraan Rakyat", year=2023)
    SyncLock.objects.get_or_create(name=LOCK_NAME)
    SyncLock.objects.filter(name=LOCK_NAME).update(reindex_started_at=timezone.now())
    result = flush_search_outbox.apply()
    assert result.successful()
    assert result.result == 0  # done, not retried: the swap enqueues the flush
    assert OutboxEntry.objects.count() == 1


def test_a_failed_reindex_clears_its_mark_and_keeps_the_rows(search) -> None:
    owner = publication("Kecamatan Pariaman Utara Dalam Angka", year=2019)

    def fail(line: str) -> None:
        if line.startswith("publications:"):
            raise RuntimeError("Meilisearch went away")

    with pytest.raises(RuntimeError):
        reindex(progress=fail)
    assert mark().reindex_started_at is None
    assert flush_outbox() == 1
    assert indexed_year(search, owner.pk) == 2019


def test_a_reindex_outliving_its_mark_does_not_swap(search, settings) -> None:
    owner = publication("Pariaman Dalam Angka", year=2018)
    flush()
    settings.SEARCH_REINDEX_STALE_SECONDS = 0  # flushes would have gone on meanwhile
    Publication.objects.filter(pk=owner.pk).update(year=2025)  # seen by the fill only
    with pytest.raises(ReindexAbandonedError):
        reindex()
    assert mark().reindex_started_at is None
    assert indexed_year(search, owner.pk) == 2018  # the live index was not swapped


def test_the_lock_refuses_a_sqlite_connection_that_begins_deferred() -> None:
    # A deferred BEGIN takes no lock until the first write: flushes would not be
    # serialised with each other, so sync_lock says so instead of pretending.
    connection.ensure_connection()  # the mode is read from the settings when connecting
    configured = connection.transaction_mode
    connection.transaction_mode = None
    try:
        with pytest.raises(ImproperlyConfigured, match="IMMEDIATE"), sync_lock():
            pass
    finally:
        connection.transaction_mode = configured
