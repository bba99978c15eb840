"""Printed copies (holdings) of a publication: where each one is and what state it is in."""

from __future__ import annotations

from django.db import models


class Holding(models.Model):
    class Status(models.TextChoices):
        AVAILABLE = "available", "Tersedia"
        READING_ROOM = "reading_room", "Di ruang baca"
        SCANNING = "scanning", "Sedang dipindai"
        PHOTOCOPY = "photocopy", "Sedang difotokopi"
        MISSING = "missing", "Hilang"
        WITHDRAWN = "withdrawn", "Ditarik dari koleksi"

    class Condition(models.TextChoices):
        GOOD = "good", "Baik"
        FAIR = "fair", "Cukup"
        DAMAGED = "damaged", "Rusak"
        FRAGILE = "fragile", "Rapuh"

    # What a librarian edits on a copy (the admin's inline, the CSV's holding columns).
    EDITABLE_FIELDS = (
        "barcode",
        "call_number",
        "shelf_location",
        "status",
        "condition",
        "acquisition_date",
    )

    publication = models.ForeignKey(
        "catalogue.Publication",
        verbose_name="publikasi",
        on_delete=models.CASCADE,
        related_name="holdings",
    )
    barcode = models.CharField("kode eksemplar (barkode)", max_length=64, unique=True)
    call_number = models.CharField("nomor panggil", max_length=100, blank=True)
    shelf_location = models.CharField("lokasi rak", max_length=100, blank=True)
    status = models.CharField(
        "status", max_length=16, choices=Status.choices, default=Status.AVAILABLE, db_index=True
    )
    condition = models.CharField(
        "kondisi", max_length=16, choices=Condition.choices, default=Condition.GOOD
    )
    acquisition_date = models.DateField("tanggal pengadaan", null=True, blank=True)
    status_changed_at = models.DateTimeField("status diubah", null=True, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    modified_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        verbose_name = "eksemplar"
        verbose_name_plural = "eksemplar"
        ordering = ["publication", "barcode"]

    def __str__(self) -> str:
        return self.barcode
