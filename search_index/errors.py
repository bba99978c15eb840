"""The search index's exception base."""

from __future__ import annotations


class SearchIndexError(Exception):
    """Base of every error raised by search_index."""

    retryable = False


class SearchUnavailableError(SearchIndexError):
    """Meilisearch cannot be reached or is not healthy; writes wait and are retried."""

    retryable = True


class SearchTaskFailedError(SearchIndexError):
    """Meilisearch accepted a write but its task ended in failure."""

    def __init__(self, task_uid: int, status: str, error: object) -> None:
        super().__init__(f"Meilisearch task {task_uid} ended {status}: {error}")
        self.task_uid = task_uid
        self.status = status
        self.error = error


class SearchQueryError(SearchIndexError):
    """Meilisearch refused a query (a bug in how it was built, never user input)."""
