"""The pages index: one document per page of a softcopy, for search down to the page.

Index settings are versioned code, applied in one call (once per process) before the
first write; every write waits for its Meilisearch task and checks that it succeeded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import meilisearch

from search_index.client import SearchConfig, wait_for_task

PAGES = "pages"
PAGE_SETTINGS: dict[str, Any] = {
    "searchableAttributes": ["text", "title"],
    "filterableAttributes": ["softcopy_id", "publication_id", "access_level", "page"],
    "sortableAttributes": ["page"],
    "displayedAttributes": ["*"],
}
_configured: set[tuple[str, str]] = set()


def index_name(config: SearchConfig, base: str) -> str:
    return f"{config.index_prefix}-{base}"


def page_document_id(softcopy_id: int, number: int) -> str:
    return f"s{softcopy_id}-p{number}"


def ensure_pages_index(client: meilisearch.Client, config: SearchConfig) -> str:
    """Create the pages index if needed and apply its settings (once per process)."""
    name = index_name(config, PAGES)
    if (config.url, name) not in _configured:
        task = client.create_index(name, {"primaryKey": "id"})
        # "index already exists" fails the task harmlessly; anything else is checked below.
        client.wait_for_task(task.task_uid, timeout_in_ms=30_000, interval_in_ms=20)
        wait_for_task(client, client.index(name).update_settings(PAGE_SETTINGS).task_uid)
        _configured.add((config.url, name))
    return name


def upsert_pages(
    client: meilisearch.Client, config: SearchConfig, documents: Sequence[dict[str, Any]]
) -> None:
    """Add or replace page documents and wait until Meilisearch has applied them."""
    if not documents:
        return
    index = client.index(ensure_pages_index(client, config))
    task = index.add_documents(list(documents), primary_key="id")
    wait_for_task(client, task.task_uid)
