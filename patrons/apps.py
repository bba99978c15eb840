from __future__ import annotations

from django.apps import AppConfig


class PatronsConfig(AppConfig):
    name = "patrons"
    verbose_name = "Anggota daring"
    default_auto_field = "django.db.models.BigAutoField"
