from __future__ import annotations

from django.apps import AppConfig


class VisitorsConfig(AppConfig):
    name = "visitors"
    verbose_name = "Layanan Pengunjung"
    default_auto_field = "django.db.models.BigAutoField"
