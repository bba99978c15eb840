"""A batch: the pages one station scanned in one go, streamed into one digitisation job."""

from __future__ import annotations

from django.db import models

from common.models import optional_link


class ScanBatch(models.Model):
    class Source(models.TextChoices):
        FLATBED = "flatbed", "Flatbed"
        ADF = "adf", "ADF"
        DUPLEX = "duplex", "Dupleks"

    class BatchState(models.TextChoices):
        OPEN = "open", "Terbuka"
        CLOSED = "closed", "Ditutup"

    station = models.ForeignKey(
        "scanning.Station",
        verbose_name="stasiun",
        on_delete=models.PROTECT,
        related_name="batches",
    )
    client_batch_id = models.CharField("ID batch agen", max_length=64)
    job = models.ForeignKey(
        "catalogue.DigitisationJob",
        verbose_name="pekerjaan digitalisasi",
        on_delete=models.PROTECT,
        related_name="+",
    )
    publication = optional_link("catalogue.Publication", "publikasi", related_name="+")
    scan_task = optional_link("scanning.ScanRequest", "tugas pindai", related_name="batches")
    title = models.CharField("judul", max_length=500)
    device = models.CharField("perangkat", max_length=200, blank=True)
    profile = models.CharField("profil", max_length=100, blank=True)
    source = models.CharField("sumber", max_length=16, choices=Source.choices)
    resolution = models.PositiveIntegerField("resolusi (dpi)")
    mode = models.CharField("mode", max_length=40, blank=True)
    state = models.CharField(
        "status", max_length=8, choices=BatchState.choices, default=BatchState.OPEN
    )
    page_count = models.PositiveIntegerField("jumlah halaman", null=True, blank=True)
    # The parts kept at closing, in reading order (a station's edits); null: 1..page_count.
    page_order = models.JSONField("urutan halaman", null=True, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    closed_at = models.DateTimeField("ditutup", null=True, blank=True)

    class Meta:
        verbose_name = "batch pindai"
        verbose_name_plural = "batch pindai"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "client_batch_id"], name="scanbatch_unique_client_id"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class BatchPage(models.Model):
    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField("nomor halaman")
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField(default=0)
    job_input = models.ForeignKey("catalogue.JobInput", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "halaman batch"
        verbose_name_plural = "halaman batch"
        ordering = ["batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="batchpage_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number}"
