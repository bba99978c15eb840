"""The pages index: one document per page of a softcopy, for search down to the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import meilisearch

from search_index.client import SearchConfig, wait_for_task

PAGES = "pages"


def index_name(config: SearchConfig, base: str) -> str:
    return f"{config.index_prefix}-{base}"


def page_document_id(softcopy_id: int, number: int) -> str:
    return f"s{softcopy_id}-p{number}"


def upsert_pages(
    client: meilisearch.Client, config: SearchConfig, documents: Sequence[dict[str, Any]]
) -> None:
    """Add or replace page documents and wait until Meilisearch has applied them."""
    if not documents:
        return
    index = client.index(index_name(config, PAGES))
    task = index.add_documents(list(documents), primary_key="id")
    wait_for_task(client, task.task_uid)
