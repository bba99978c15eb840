"""A visit to the PST desk, from the guestbook entry to the time out, and the lockers.

A visit keeps its own copy of the visitor's statistical profile (sex, education,
occupation, institution category, age band) as it was on the day, so past reports do not
change when a returning visitor's details change or are purged.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from common.models import officer_link
from visitors.models.choices import (
    AgeBand,
    Education,
    IdType,
    InstitutionCategory,
    Occupation,
    Priority,
    PstService,
    Purpose,
    Sex,
    VisitState,
)


class Locker(models.Model):
    number = models.PositiveSmallIntegerField("nomor", unique=True)
    label = models.CharField("label", max_length=40, blank=True)
    active = models.BooleanField(
        "aktif", default=True, help_text="Loker nonaktif tidak diberikan kepada pengunjung."
    )

    class Meta:
        verbose_name = "loker"
        verbose_name_plural = "loker"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Loker {self.number}" + (f" ({self.label})" if self.label else "")


class Visit(models.Model):
    State = VisitState

    visitor = models.ForeignKey(
        "visitors.Visitor",
        verbose_name="pengunjung",
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visit_date = models.DateField("tanggal", db_index=True)
    queue_number = models.PositiveIntegerField("nomor antrean")
    guestbook_at = models.DateTimeField("waktu isi buku tamu", db_index=True)
    purpose = models.CharField("tujuan kunjungan", max_length=16, choices=Purpose.choices)
    service = models.CharField("jenis layanan PST", max_length=20, choices=PstService.choices)
    is_group = models.BooleanField("rombongan", default=False)
    male_count = models.PositiveSmallIntegerField("jumlah laki-laki", default=0)
    female_count = models.PositiveSmallIntegerField("jumlah perempuan", default=0)
    id_type = models.CharField("jenis kartu identitas", max_length=16, choices=IdType.choices)

    # The visitor's statistical profile on the day of the visit (kept after a purge).
    sex = models.CharField("jenis kelamin", max_length=8, choices=Sex.choices)
    education = models.CharField("pendidikan", max_length=16, choices=Education.choices)
    occupation = models.CharField("pekerjaan", max_length=20, choices=Occupation.choices)
    institution_category = models.CharField(
        "kategori instansi", max_length=24, choices=InstitutionCategory.choices
    )
    age_band = models.CharField(
        "kelompok umur", max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )

    state = models.CharField(
        "status", max_length=12, choices=VisitState.choices, default=VisitState.WAITING
    )
    # Served before everyone else while waiting (chosen at the kiosk or by the officer).
    priority = models.CharField(
        "layanan prioritas", max_length=12, choices=Priority.choices, blank=True, default=""
    )
    service_started_at = models.DateTimeField("mulai dilayani", null=True, blank=True)
    service_started_by = officer_link("dilayani oleh")
    service_finished_at = models.DateTimeField("selesai dilayani", null=True, blank=True)
    service_finished_by = officer_link("diselesaikan oleh")

    id_card_received_at = models.DateTimeField("kartu identitas diterima", null=True, blank=True)
    id_card_received_by = officer_link("kartu identitas diterima oleh")
    id_card_returned_at = models.DateTimeField(
        "kartu identitas dikembalikan", null=True, blank=True
    )
    id_card_returned_by = officer_link("kartu identitas dikembalikan oleh")
    locker = models.ForeignKey(
        Locker,
        verbose_name="loker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    locker_assigned_at = models.DateTimeField("loker diberikan", null=True, blank=True)
    locker_released_at = models.DateTimeField("loker dikosongkan", null=True, blank=True)

    checked_out_at = models.DateTimeField("waktu keluar", null=True, blank=True)
    checked_out_by = officer_link("dipulangkan oleh")

    class Meta:
        verbose_name = "kunjungan"
        verbose_name_plural = "kunjungan"
        ordering = ["-visit_date", "-queue_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit_date", "queue_number"], name="visitors_visit_queue_number_unique"
            ),
            # The heart of locker atomicity: a locker is held by at most one visit that has
            # not released it. A partial unique index, enforced by PostgreSQL and SQLite.
            models.UniqueConstraint(
                fields=["locker"],
                condition=Q(locker__isnull=False, locker_released_at__isnull=True),
                name="visitors_locker_held_by_one_visit",
            ),
        ]
        indexes = [models.Index(fields=["state", "visit_date"], name="visitors_visit_state_day")]
        # What the portal's desk views check; declared here so Django keeps them in step
        # (re-created after a test flush, like the default permissions).
        permissions = [
            ("use_desk", "Dapat memakai meja layanan (antrean, loker, ruang baca, fotokopi)"),
            ("view_service_report", "Dapat melihat dan mengunduh laporan layanan"),
        ]

    def __str__(self) -> str:
        return f"{self.visit_date} #{self.queue_label}"

    @property
    def queue_label(self) -> str:
        return f"{self.queue_number:03d}"

    @property
    def holds_id_card(self) -> bool:
        return self.id_card_received_at is not None and self.id_card_returned_at is None

    @property
    def holds_locker(self) -> bool:
        return self.locker_id is not None and self.locker_released_at is None

    @property
    def people(self) -> int:
        return self.male_count + self.female_count
