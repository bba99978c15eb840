"""Connection to Meilisearch, and the one place that waits for and checks its tasks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchCommunicationError, MeilisearchError

from search_index.errors import SearchTaskFailedError, SearchUnavailableError


@dataclass(frozen=True)
class SearchConfig:
    url: str
    api_key: str
    index_prefix: str = "pustaka"
    timeout: int = 5


@dataclass(frozen=True)
class ServerStatus:
    healthy: bool
    version: str


def make_client(config: SearchConfig) -> meilisearch.Client:
    return meilisearch.Client(config.url, config.api_key or None, timeout=config.timeout)


def server_status(client: meilisearch.Client) -> ServerStatus:
    """Ask Meilisearch whether it is available and which version it runs."""
    try:
        health = client.health()
        version = client.get_version()
    except (MeilisearchCommunicationError, MeilisearchError, OSError) as exc:
        raise SearchUnavailableError(str(exc)) from exc
    return ServerStatus(
        healthy=health.get("status") == "available", version=str(version.get("pkgVersion", ""))
    )


def wait_for_task(client: meilisearch.Client, task_uid: int, *, timeout_ms: int = 30_000) -> Any:
    """Block until Meilisearch finishes task ``task_uid``; raise if it did not succeed.

    A failed Meilisearch task does not raise by itself: every write goes through here.
    """
    try:
        task = client.wait_for_task(task_uid, timeout_in_ms=timeout_ms, interval_in_ms=20)
    except (MeilisearchCommunicationError, OSError) as exc:
        raise SearchUnavailableError(str(exc)) from exc
    if task.status != "succeeded":
        raise SearchTaskFailedError(task_uid, task.status, task.error)
    return task
