"""What a visitor does at the desk: reads printed publications, asks for photocopies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import optional_link
from visitors.models.choices import PhotocopyStatus

PAGES_MAX_LENGTH = 200


class ReadingRecord(models.Model):
    """A printed copy (the catalogue's ``Holding``) read in the reading room during a visit.

    While the record is open the copy's status is "in the reading room"; returning it puts
    the copy back to "available". A copy is in at most one open record at a time.
    """

    visit = models.ForeignKey(
        "visitors.Visit",
        verbose_name="kunjungan",
        on_delete=models.PROTECT,
        related_name="readings",
    )
    holding = models.ForeignKey(
        "catalogue.Holding",
        verbose_name="eksemplar",
        on_delete=models.PROTECT,
        related_name="reading_records",
    )
    started_at = models.DateTimeField("mulai dibaca")
    started_by = optional_link(settings.AUTH_USER_MODEL, "diserahkan oleh", related_name="+")
    returned_at = models.DateTimeField("dikembalikan", null=True, blank=True)
    returned_by = optional_link(settings.AUTH_USER_MODEL, "diterima kembali oleh", related_name="+")

    class Meta:
        verbose_name = "catatan baca"
        verbose_name_plural = "catatan baca"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["holding"],
                condition=Q(returned_at__isnull=True),
                name="visitors_reading_holding_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holding} — kunjungan {self.visit}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None


class PhotocopyRequest(models.Model):
    """A photocopy form for the cooperative. The service is free: no fee is ever recorded."""

    Status = PhotocopyStatus

    visit = models.ForeignKey(
        "visitors.Visit",
        verbose_name="kunjungan",
        on_delete=models.PROTECT,
        related_name="photocopies",
    )
    publication = models.ForeignKey(
        "catalogue.Publication",
        verbose_name="publikasi",
        on_delete=models.PROTECT,
        related_name="photocopy_requests",
    )
    # The printed copy the visitor took along from the reading room, when there is one;
    # it is "at photocopy" in the catalogue until the form is done.
    holding = models.ForeignKey(
        "catalogue.Holding",
        verbose_name="eksemplar",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photocopy_requests",
    )
    pages = models.CharField("halaman", max_length=PAGES_MAX_LENGTH, help_text="mis. 1-5, 9, 12-14")
    page_count = models.PositiveIntegerField("jumlah halaman")
    year = models.PositiveSmallIntegerField("tahun")
    number = models.PositiveIntegerField("nomor urut")
    status = models.CharField(
        "status", max_length=8, choices=PhotocopyStatus.choices, default=PhotocopyStatus.ISSUED
    )
    issued_at = models.DateTimeField("diterbitkan")
    issued_by = optional_link(settings.AUTH_USER_MODEL, "diterbitkan oleh", related_name="+")
    done_at = models.DateTimeField("selesai", null=True, blank=True)
    done_by = optional_link(settings.AUTH_USER_MODEL, "diselesaikan oleh", related_name="+")

    class Meta:
        verbose_name = "formulir fotokopi"
        verbose_name_plural = "formulir fotokopi"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="visitors_photocopy_number")
        ]

    def __str__(self) -> str:
        return self.form_number

    @property
    def form_number(self) -> str:
        return f"FC-{self.year}-{self.number:04d}"
