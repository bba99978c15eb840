"""Meilisearch connection settings from Django settings (the master key stays server-side)."""

from __future__ import annotations

import meilisearch
from django.conf import settings

from search_index.client import SearchConfig, make_client


def search_config(*, timeout: int = 5) -> SearchConfig:
    return SearchConfig(
        url=settings.MEILISEARCH_URL,
        api_key=settings.MEILISEARCH_API_KEY,
        index_prefix=settings.MEILISEARCH_INDEX_PREFIX,
        timeout=timeout,
    )


def search_client(*, timeout: int = 5) -> tuple[meilisearch.Client, SearchConfig]:
    config = search_config(timeout=timeout)
    return make_client(config), config
