"""Softcopies (PDF files) of publications and the text of each of their pages."""

from __future__ import annotations

from django.db import models

from common.models import optional_link


class Softcopy(models.Model):
    class Origin(models.TextChoices):
        SCANNED = "scanned", "Hasil pindai"
        BORN_DIGITAL = "born_digital", "Digital asli"
        UPLOADED = "uploaded", "Unggahan"

    class Access(models.TextChoices):
        PUBLIC = "public", "Publik"
        PATRONS = "patrons", "Anggota terdaftar"
        STAFF = "staff", "Hanya staf"

    publication = optional_link("catalogue.Publication", "publikasi", related_name="softcopies")
    title = models.CharField("judul", max_length=500)
    file = models.FileField("berkas", max_length=300)
    version = models.PositiveIntegerField("versi", default=1)
    origin = models.CharField("asal", max_length=16, choices=Origin.choices)
    page_count = models.PositiveIntegerField("jumlah halaman", default=0)
    size_bytes = models.PositiveBigIntegerField("ukuran (byte)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    access_level = models.CharField(
        "akses", max_length=16, choices=Access.choices, default=Access.PUBLIC
    )
    pdfa = models.BooleanField("PDF/A", default=False)
    searchable = models.BooleanField("dapat dicari", default=True)
    signed = models.BooleanField("bertanda tangan digital", default=False)
    derived_from = optional_link("self", "turunan dari", related_name="derivatives")
    job = optional_link(
        "catalogue.DigitisationJob", "pekerjaan digitalisasi", related_name="softcopies"
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "salinan digital"
        verbose_name_plural = "salinan digital"

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Page(models.Model):
    softcopy = models.ForeignKey(Softcopy, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField("halaman")
    text = models.TextField("teks", blank=True)
    blank = models.BooleanField("kosong", default=False)
    ocr = models.BooleanField("hasil OCR", default=False)
    # A small JPEG in storage, made from the page's PDF; empty until made.
    thumbnail = models.CharField("gambar kecil", max_length=300, blank=True)

    class Meta:
        verbose_name = "halaman"
        verbose_name_plural = "halaman"
        ordering = ["softcopy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["softcopy", "number"], name="page_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.softcopy_id}:{self.number}"
