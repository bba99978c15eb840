"""Connection to Meilisearch, and the one place that waits for and checks its tasks."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import meilisearch
import requests
from meilisearch._httprequests import HttpRequests
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


_Body = Mapping[str, Any] | Sequence[Mapping[str, Any]] | list[str] | bytes | str | None


class _KeepAliveHttp(HttpRequests):
    """The client library sends every request on a new connection (``requests.get``);
    queries are the hot path, so they keep one open per thread instead."""

    def __init__(self, config: Any, session: requests.Session) -> None:
        super().__init__(config)
        self._session = session

    def get(self, path: str) -> Any:
        return self.send_request(self._session.get, path)

    def post(
        self,
        path: str,
        body: Mapping[str, Any]
        | Sequence[Mapping[str, Any]]
        | list[str]
        | bytes
        | str
        | None = None,
        content_type: str | None = "application/json",
        *,
        serializer: type[Any] | None = None,
    ) -> Any:
        return self.send_request(
            self._session.post, path, body, content_type, serializer=serializer
        )


_per_thread = threading.local()


def query_client(config: SearchConfig) -> meilisearch.Client:
    """A client for queries that reuses its HTTP connection: one per thread and config.

    Per thread because the library's request object keeps mutable headers; a restarted
    Meilisearch is reconnected to by the session on the next request.
    """
    clients: dict[SearchConfig, meilisearch.Client] = _per_thread.__dict__.setdefault("clients", {})
    client = clients.get(config)
    if client is None:
        client = make_client(config)
        client.http = _KeepAliveHttp(client.config, requests.Session())
        clients[config] = client
    return client


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
