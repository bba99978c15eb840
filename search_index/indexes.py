"""Index lifecycle and writes: create with settings, upsert, delete, count, swap.

Every write waits for its Meilisearch task and checks that it succeeded
(``client.wait_for_task``); a failure raises ``SearchTaskFailedError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError

from search_index.client import SearchConfig, wait_for_task
from search_index.errors import SearchUnavailableError
from search_index.schema import index_settings

_configured: set[tuple[str, str]] = set()


def index_name(config: SearchConfig, base: str) -> str:
    return f"{config.index_prefix}-{base}"


def create_index(client: meilisearch.Client, uid: str, base: str) -> None:
    """Create ``uid`` (if missing) and apply ``base``'s settings in one call."""
    settings = index_settings(base)  # read first: a broken data file is not an outage
    try:
        task = client.create_index(uid, {"primaryKey": "id"})
        # "index already exists" fails this task harmlessly: do not check it.
        client.wait_for_task(task.task_uid, timeout_in_ms=30_000, interval_in_ms=20)
        wait_for_task(client, client.index(uid).update_settings(settings).task_uid)
    except (MeilisearchCommunicationError, OSError) as exc:
        raise SearchUnavailableError(str(exc)) from exc


def ensure_index(client: meilisearch.Client, config: SearchConfig, base: str) -> str:
    """The live index for ``base``, created with its settings once per process."""
    uid = index_name(config, base)
    if (config.url, uid) not in _configured:
        create_index(client, uid, base)
        _configured.add((config.url, uid))
    return uid


def forget_configured() -> None:
    """Make the next write re-apply settings (after a swap or a restarted server)."""
    _configured.clear()


def upsert(client: meilisearch.Client, uid: str, documents: Sequence[dict[str, Any]]) -> None:
    """Add or replace whole documents and wait until Meilisearch has applied them."""
    if documents:
        _wait(client, lambda: client.index(uid).add_documents(list(documents), primary_key="id"))


def delete_ids(client: meilisearch.Client, uid: str, ids: Iterable[str | int]) -> None:
    wanted = [str(i) for i in ids]
    if wanted:  # the client's ``delete_documents(ids)`` is deprecated: same route, direct
        _wait(
            client, lambda: _Task(client.http.post(f"indexes/{uid}/documents/delete-batch", wanted))
        )


def delete_where(client: meilisearch.Client, uid: str, expression: str) -> None:
    """Delete the documents matching a filter built with ``search_index.filters``."""
    _wait(client, lambda: client.index(uid).delete_documents(filter=expression))


def count(client: meilisearch.Client, uid: str) -> int | None:
    """Documents in ``uid``; None when the index does not exist."""
    try:
        return int(client.index(uid).get_stats().number_of_documents)
    except MeilisearchApiError as exc:
        if exc.code == "index_not_found":
            return None
        raise
    except (MeilisearchCommunicationError, OSError) as exc:
        raise SearchUnavailableError(str(exc)) from exc


def swap(client: meilisearch.Client, pairs: Sequence[tuple[str, str]]) -> None:
    """Exchange the contents of each pair of indexes in one atomic task."""
    _wait(client, lambda: client.swap_indexes([{"indexes": [a, b]} for a, b in pairs]))


def drop(client: meilisearch.Client, uid: str) -> None:
    try:
        task = client.delete_index(uid)
        client.wait_for_task(task.task_uid, timeout_in_ms=60_000, interval_in_ms=20)
    except (MeilisearchCommunicationError, OSError) as exc:
        raise SearchUnavailableError(str(exc)) from exc


class _Task:
    def __init__(self, response: dict[str, Any]) -> None:
        self.task_uid = int(response["taskUid"])


def _wait(client: meilisearch.Client, send: Any, timeout_ms: int = 120_000) -> Any:
    try:
        task = send()
    except (MeilisearchCommunicationError, OSError) as exc:
        raise SearchUnavailableError(str(exc)) from exc
    return wait_for_task(client, task.task_uid, timeout_ms=timeout_ms)
