"""Statistical tables found on softcopy pages, and staff corrections to them.

``PageTable.data`` is what the extractor read (cells as printed, titles, header,
notes, outline on the page). Corrections are separate rows, so re-processing a page
rewrites ``data`` while every correction (who, when) stays and is applied again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PageTable(models.Model):
    softcopy = models.ForeignKey(
        "catalogue.Softcopy", on_delete=models.CASCADE, related_name="tables"
    )
    page = models.PositiveIntegerField("halaman")
    ordinal = models.PositiveSmallIntegerField("urutan di halaman", default=1)
    number = models.CharField("nomor tabel", max_length=40, blank=True)
    title = models.TextField("judul", blank=True)
    title_en = models.TextField("judul (Inggris)", blank=True)
    data = models.JSONField("isi terbaca", default=dict)
    source = models.CharField("dibaca dari", max_length=8, default="hocr")  # hocr | pdf
    missing = models.BooleanField(
        "tidak ditemukan lagi",
        default=False,
        help_text="Re-processing no longer finds it; kept because staff corrected it.",
    )
    extracted_at = models.DateTimeField("diekstrak", auto_now=True)

    class Meta:
        verbose_name = "tabel"
        verbose_name_plural = "tabel"
        ordering = ["softcopy", "page", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["softcopy", "page", "ordinal"], name="pagetable_unique_ordinal"
            )
        ]

    def __str__(self) -> str:
        return f"Tabel {self.number or '?'} (hal. {self.page})"


class TablePageScan(models.Model):
    """That a softcopy page was searched for tables (also when it had none)."""

    softcopy = models.ForeignKey(
        "catalogue.Softcopy", on_delete=models.CASCADE, related_name="table_scans"
    )
    page = models.PositiveIntegerField("halaman")
    tables = models.PositiveSmallIntegerField("tabel", default=0)
    milliseconds = models.PositiveIntegerField("lama (ms)", default=0)
    scanned_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["softcopy", "page"], name="tablescan_unique_page")
        ]

    def __str__(self) -> str:
        return f"{self.softcopy_id}:{self.page} ({self.tables})"


class TableCorrection(models.Model):
    """A staff fix: one cell's text, or a column split undone or made, applied in order."""

    class Kind(models.TextChoices):
        CELL = "cell", "Isi sel"
        SPLIT_COLUMN = "split_column", "Pisah kolom"
        MERGE_COLUMNS = "merge_columns", "Gabung kolom"

    table = models.ForeignKey(PageTable, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CELL)
    row = models.IntegerField("baris", default=0)
    col = models.IntegerField("kolom", default=0)
    text = models.TextField("teks", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField("oleh", max_length=150, blank=True)
    created_at = models.DateTimeField("waktu", auto_now_add=True)

    class Meta:
        verbose_name = "koreksi tabel"
        verbose_name_plural = "koreksi tabel"
        ordering = ["table", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} r{self.row} c{self.col}"
