"""The search domain's exception base: HTTP status, exit code and bilingual messages."""

from __future__ import annotations

from common.errors import PustakaError


class SearchError(PustakaError):
    """Base of every error this package raises on purpose."""

    exit_code = 2
    code = "search_error"
    message_id = "Permintaan pencarian tidak dapat diproses."
    message_en = "The search request cannot be processed."


class BadSearchParameterError(SearchError):
    code = "bad_parameter"
    message_id = "Parameter pencarian tidak sah."
    message_en = "A search parameter is not valid."


class SearchBusyError(SearchError):
    """Another flush or a reindex holds the sync lock; try again shortly."""

    http_status = 503
    exit_code = 3
    retryable = True
    code = "search_busy"
    message_id = "Indeks pencarian sedang diperbarui; coba lagi sebentar lagi."
    message_en = "The search index is being updated; try again shortly."


class ReindexInProgressError(SearchBusyError):
    """A reindex is filling fresh indexes: the rows wait for the flush its swap enqueues."""

    code = "reindex_in_progress"


class ReindexAbandonedError(SearchError):
    """The reindex outlived its mark (older than SEARCH_REINDEX_STALE_SECONDS, so flushes
    went on into the live indexes): swapping would lose their changes, so it does not."""

    http_status = 503
    exit_code = 3
    code = "reindex_abandoned"
    message_id = (
        "Pembangunan ulang indeks melewati batas waktunya dan dibatalkan; indeks lama tetap "
        "dipakai. Naikkan PUSTAKA_SEARCH_REINDEX_STALE_SECONDS lalu ulangi."
    )
    message_en = (
        "The reindex outlived its time limit and was abandoned; the old indexes stay in "
        "use. Raise PUSTAKA_SEARCH_REINDEX_STALE_SECONDS and run it again."
    )
