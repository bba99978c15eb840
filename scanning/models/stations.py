"""A scanner station: one PC running the scanner agent, known by a secret token."""

from __future__ import annotations

from django.db import models


class Station(models.Model):
    name = models.CharField("nama", max_length=100, unique=True)
    # sha256 of the token; the token itself is shown once and never stored.
    token_hash = models.CharField("hash token", max_length=64, unique=True, editable=False)
    active = models.BooleanField("aktif", default=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    last_seen_at = models.DateTimeField("terakhir terlihat", null=True, blank=True)
    revoked_at = models.DateTimeField("dicabut", null=True, blank=True)

    class Meta:
        verbose_name = "stasiun pemindai"
        verbose_name_plural = "stasiun pemindai"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
