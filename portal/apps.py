from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        # The Celery app must be configured in every process that enqueues work by name.
        import workers.celery  # noqa: F401
