"""Meilisearch: index settings, documents, sync and queries (meilisearch client only)."""
