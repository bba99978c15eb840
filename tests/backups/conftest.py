"""Backup tests reuse the search tests' private Meilisearch fixture."""

from __future__ import annotations

from tests.search.conftest import search

__all__ = ["search"]
