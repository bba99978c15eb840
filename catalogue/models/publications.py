"""A publication of BPS: one record per title and period."""

from __future__ import annotations

from django.db import models


class Publication(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "Publik"
        HIDDEN = "hidden", "Tersembunyi"

    title = models.CharField("judul", max_length=500)
    subtitle = models.CharField("anak judul", max_length=500, blank=True)
    catalogue_number = models.CharField("nomor katalog BPS", max_length=32, blank=True)
    publication_number = models.CharField("nomor publikasi", max_length=32, blank=True)
    year = models.PositiveSmallIntegerField("tahun", null=True, blank=True)
    subject = models.CharField("subjek", max_length=200, blank=True)
    language = models.CharField("bahasa", max_length=16, default="ind")
    abstract = models.TextField("abstrak", blank=True)
    visibility = models.CharField(
        "visibilitas", max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    modified_at = models.DateTimeField("diubah", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "publikasi"
        verbose_name_plural = "publikasi"
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title
