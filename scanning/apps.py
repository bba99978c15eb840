from __future__ import annotations

from django.apps import AppConfig


class ScanningConfig(AppConfig):
    name = "scanning"
    verbose_name = "Pemindaian"
    default_auto_field = "django.db.models.BigAutoField"
