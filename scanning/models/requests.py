"""The scan queue: digitisation of a printed copy, or a visitor's scan-to-email request."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from catalogue.models.jobs import ErrorFields
from common.models import optional_link


class ScanRequest(ErrorFields):
    class Kind(models.TextChoices):
        DIGITISE = "digitise", "Digitalisasi koleksi"
        SCAN_TO_EMAIL = "scan_to_email", "Pindai ke surel"

    class TaskState(models.TextChoices):
        PENDING = "pending", "Menunggu"
        CLAIMED = "claimed", "Diambil stasiun"
        SCANNING = "scanning", "Sedang dipindai"
        DONE = "done", "Selesai"
        DELIVERED = "delivered", "Terkirim"
        FAILED = "failed", "Gagal"

    kind = models.CharField("jenis", max_length=16, choices=Kind.choices)
    publication = models.ForeignKey(
        "catalogue.Publication",
        verbose_name="publikasi",
        on_delete=models.PROTECT,
        related_name="scan_tasks",
    )
    holding = optional_link("catalogue.Holding", "eksemplar", related_name="scan_tasks")
    pages = models.CharField(
        "halaman", max_length=200, blank=True, help_text="mis. 1-5,9; kosong = semua halaman"
    )
    # Personal data: wiped with the visitors' retention period (scanning.services.retention).
    requester_email = models.EmailField("surel pemohon", blank=True)
    visit = optional_link("visitors.Visit", "kunjungan", related_name="scan_tasks")
    state = models.CharField(
        "status",
        max_length=16,
        choices=TaskState.choices,
        default=TaskState.PENDING,
        db_index=True,
    )
    claimed_by = optional_link("scanning.Station", "diambil oleh", related_name="tasks")
    created_by = optional_link(settings.AUTH_USER_MODEL, "dibuat oleh", related_name="+")
    delivery_attempts = models.PositiveSmallIntegerField("percobaan kirim", default=0)
    delivered_as = models.CharField("dikirim sebagai", max_length=16, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField("diambil", null=True, blank=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)
    delivered_at = models.DateTimeField("terkirim", null=True, blank=True)
    requester_purged_at = models.DateTimeField("data pemohon dihapus", null=True, blank=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        verbose_name = "tugas pindai"
        verbose_name_plural = "tugas pindai"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"
