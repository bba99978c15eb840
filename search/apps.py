"""The search domain: keeping Meilisearch in step with the database (outbox, reindex) and
answering searches with access control. The Meilisearch adapter is ``search_index``."""

from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    # The label the app had as ``indexing/``: its tables (indexing_outboxentry, …),
    # migrations and permissions (indexing.view_searchquerycount) keep their names.
    label = "indexing"
    verbose_name = "Indeks pencarian"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from search import receivers

        receivers.connect()
