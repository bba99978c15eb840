"""Gap-free counters (the day's queue numbers, the year's photocopy form numbers)."""

from __future__ import annotations

from django.db import models


class NumberSequence(models.Model):
    """One row per counter, e.g. ``queue:2026-03-02`` or ``photocopy:2026``.

    Incremented with an UPDATE inside the caller's transaction: the row lock serialises
    concurrent callers on PostgreSQL, SQLite's write lock does the same on SQLite.
    """

    key = models.CharField("kunci", max_length=40, unique=True)
    last_value = models.PositiveIntegerField("nilai terakhir", default=0)

    class Meta:
        verbose_name = "penomoran"
        verbose_name_plural = "penomoran"

    def __str__(self) -> str:
        return f"{self.key} = {self.last_value}"
