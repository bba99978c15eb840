"""What ``search-status`` and the health page report: counts and backlog."""

from __future__ import annotations

from typing import Any

from search.config import search_client
from search.reindex import database_counts
from search.sync import outbox_backlog
from search_index.errors import SearchIndexError
from search_index.indexes import count, index_name
from search_index.schema import BASES


def search_status() -> dict[str, Any]:
    client, config = search_client(timeout=3)
    expected = database_counts()
    indexes: dict[str, Any] = {}
    reachable, error = True, ""
    for base in BASES:
        held: int | None = None
        if reachable:
            try:
                held = count(client, index_name(config, base))
            except SearchIndexError as exc:
                reachable, error = False, str(exc)
        indexes[base] = {
            "database": expected[base],
            "index": held,
            "in_step": held == expected[base],
        }
    backlog = outbox_backlog()
    return {
        "indexes": indexes,
        "outbox": backlog,
        "reachable": reachable,
        "error": error,
        "in_step": reachable
        and backlog["pending"] == 0
        and all(row["in_step"] for row in indexes.values()),
    }
