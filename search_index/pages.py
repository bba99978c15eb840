"""The pages index: one document per page of a softcopy, for search down to the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import meilisearch

from search_index.client import SearchConfig
from search_index.indexes import ensure_index, index_name, upsert
from search_index.schema import PAGES

__all__ = ["PAGES", "ensure_pages_index", "index_name", "page_document_id", "upsert_pages"]


def page_document_id(softcopy_id: int, number: int) -> str:
    return f"s{softcopy_id}-p{number}"


def record_document_id(publication_id: int) -> str:
    """The publication's own record in the pages index (``page`` 0)."""
    return f"r{publication_id}"


def ensure_pages_index(client: meilisearch.Client, config: SearchConfig) -> str:
    return ensure_index(client, config, PAGES)


def upsert_pages(
    client: meilisearch.Client, config: SearchConfig, documents: Sequence[dict[str, Any]]
) -> None:
    """Add or replace page documents and wait until Meilisearch has applied them."""
    upsert(client, ensure_pages_index(client, config), documents)
