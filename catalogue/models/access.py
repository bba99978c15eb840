"""Who read or downloaded which softcopy, when, and from which address."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from common.models import optional_link


class AccessLog(models.Model):
    class Action(models.TextChoices):
        READ = "read", "Baca"
        DOWNLOAD = "download", "Unduh"

    user = optional_link(settings.AUTH_USER_MODEL, "pengguna", related_name="+")
    # Kept when the softcopy goes: the log is a record of what happened.
    softcopy = models.ForeignKey(
        "catalogue.Softcopy",
        verbose_name="salinan digital",
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_logs",
    )
    action = models.CharField("tindakan", max_length=16, choices=Action.choices)
    accessed_at = models.DateTimeField("waktu", default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField("alamat IP", null=True, blank=True)

    class Meta:
        verbose_name = "log akses"
        verbose_name_plural = "log akses"
        ordering = ["-accessed_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.softcopy_id} {self.accessed_at:%Y-%m-%d %H:%M}"
