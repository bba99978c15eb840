"""The audit log: who changed what, and when. Written by every state-changing service.

Details hold ids, numbers and states only — never a visitor's personal details — so the
log can be kept after those details are purged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from visitors.models.choices import AuditAction


class AuditEntry(models.Model):
    Action = AuditAction

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="oleh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Kosong bila dari kios buku tamu atau tugas terjadwal.",
    )
    action = models.CharField("tindakan", max_length=32, choices=AuditAction.choices)
    object_type = models.CharField("jenis objek", max_length=40)
    object_id = models.CharField("id objek", max_length=40, blank=True)
    details = models.JSONField("rincian", default=dict, blank=True)
    at = models.DateTimeField("waktu", db_index=True)

    class Meta:
        verbose_name = "log audit"
        verbose_name_plural = "log audit"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="visitors_audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type}#{self.object_id}"
