"""Keeping Meilisearch in step with the database, and answering searches with access control."""

from __future__ import annotations

from django.apps import AppConfig


class IndexingConfig(AppConfig):
    name = "indexing"
    verbose_name = "Indeks pencarian"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from indexing import receivers

        receivers.connect()
