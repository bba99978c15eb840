"""The complaints and suggestions register, and its audit trail.

The contact (name, email, phone) is optional and kept only to reply; the retention purge
wipes it and leaves the rest, so the register's statistics survive.
"""

from __future__ import annotations

from django.db import models

from common.models import officer_link, optional_link
from feedback.models.choices import Channel, ComplaintAction, ComplaintState, Kind


class Complaint(models.Model):
    Kind = Kind
    Channel = Channel
    State = ComplaintState

    reference = models.CharField("nomor register", max_length=16, unique=True)
    kind = models.CharField("jenis", max_length=12, choices=Kind.choices)
    channel = models.CharField("saluran", max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField("diterima", db_index=True)
    subject = models.CharField("perihal", max_length=200)
    text = models.TextField("isi")
    contact_name = models.CharField("nama pelapor", max_length=150, blank=True)
    contact_email = models.EmailField("surel pelapor", max_length=254, blank=True)
    contact_phone = models.CharField("telepon pelapor", max_length=16, blank=True)
    contact_purged_at = models.DateTimeField("kontak dihapus", null=True, blank=True)
    lapor_ticket = models.CharField("nomor tiket LAPOR!", max_length=40, blank=True)
    visit = optional_link("visitors.Visit", "kunjungan", related_name="+")
    recorded_by = officer_link("dicatat oleh")

    state = models.CharField(
        "status", max_length=12, choices=ComplaintState.choices, default=ComplaintState.RECEIVED
    )
    officer = officer_link("petugas penanggung jawab")
    started_at = models.DateTimeField("mulai diproses", null=True, blank=True)
    response = models.TextField("jawaban", blank=True)
    answered_at = models.DateTimeField("dijawab", null=True, blank=True)
    answered_by = officer_link("dijawab oleh")
    closed_at = models.DateTimeField("ditutup", null=True, blank=True)
    closed_by = officer_link("ditutup oleh")

    class Meta:
        verbose_name = "pengaduan/saran"
        verbose_name_plural = "pengaduan/saran"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["state", "received_at"], name="feedback_complaint_state")]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def response_days(self) -> float | None:
        """Days from receipt to the answer (one decimal), the service standard's measure."""
        if self.answered_at is None:
            return None
        return round((self.answered_at - self.received_at).total_seconds() / 86400, 1)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)


class ComplaintEvent(models.Model):
    """Who changed what: one row per step. No personal details, so it outlives a purge."""

    Action = ComplaintAction

    complaint = models.ForeignKey(
        Complaint, verbose_name="pengaduan", on_delete=models.CASCADE, related_name="events"
    )
    actor = officer_link("oleh")
    action = models.CharField("tindakan", max_length=16, choices=ComplaintAction.choices)
    from_state = models.CharField("dari status", max_length=12, blank=True)
    to_state = models.CharField("ke status", max_length=12, blank=True)
    at = models.DateTimeField("waktu", db_index=True)

    class Meta:
        verbose_name = "riwayat pengaduan"
        verbose_name_plural = "riwayat pengaduan"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} #{self.complaint_id}"


class ReferenceCounter(models.Model):
    """The last register number of a year (PGD-2026-0001…), gap-free under a row lock."""

    year = models.PositiveSmallIntegerField("tahun", unique=True)
    last_value = models.PositiveIntegerField("nomor terakhir", default=0)

    class Meta:
        verbose_name = "penghitung nomor register"
        verbose_name_plural = "penghitung nomor register"

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"
