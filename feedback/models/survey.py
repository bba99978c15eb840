"""The satisfaction survey (IKM, PermenPANRB 14/2017): invitations and anonymous answers.

An invitation ties a one-time token to a visit; a receipt (unique per invitation) proves it
was used. The answers themselves carry no visit, token or person: only the day, the source
and the nine ratings, so they cannot be traced back to a visitor.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from feedback.models.choices import SurveySource

# The nine elements of PermenPANRB 14/2017, in the regulation's order (U1…U9).
ELEMENTS: list[tuple[str, str, str]] = [
    ("u1", "Persyaratan", "Requirements"),
    ("u2", "Sistem, mekanisme, dan prosedur", "System, mechanism and procedure"),
    ("u3", "Waktu penyelesaian", "Completion time"),
    ("u4", "Biaya/tarif", "Cost/fee"),
    ("u5", "Produk spesifikasi jenis pelayanan", "Products and types of service"),
    ("u6", "Kompetensi pelaksana", "Competence of the staff"),
    ("u7", "Perilaku pelaksana", "Conduct of the staff"),
    ("u8", "Penanganan pengaduan, saran, dan masukan", "Handling of complaints and suggestions"),
    ("u9", "Sarana dan prasarana", "Facilities and infrastructure"),
]
ELEMENT_CODES = [code for code, _, _ in ELEMENTS]


class SurveyInvitation(models.Model):
    visit = models.OneToOneField(
        "visitors.Visit",
        verbose_name="kunjungan",
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField("token", max_length=64, unique=True)
    created_at = models.DateTimeField("dibuat")
    expires_at = models.DateTimeField("berlaku sampai")

    class Meta:
        verbose_name = "undangan survei"
        verbose_name_plural = "undangan survei"

    def __str__(self) -> str:
        return f"undangan #{self.pk}"


class SurveyReceipt(models.Model):
    """That an invitation was answered. Its unique key is the one-answer-per-visit rule."""

    invitation = models.OneToOneField(
        SurveyInvitation, verbose_name="undangan", on_delete=models.CASCADE, related_name="receipt"
    )
    at = models.DateTimeField("dijawab")

    class Meta:
        verbose_name = "tanda survei terjawab"
        verbose_name_plural = "tanda survei terjawab"

    def __str__(self) -> str:
        return f"undangan #{self.invitation_id} dijawab"


def _rating(code: str, label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"{code.upper()} {label}")


class SurveyResponse(models.Model):
    Source = SurveySource

    submitted_on = models.DateField("tanggal", db_index=True)
    source = models.CharField("sumber", max_length=8, choices=SurveySource.choices)
    u1 = _rating("u1", ELEMENTS[0][1])
    u2 = _rating("u2", ELEMENTS[1][1])
    u3 = _rating("u3", ELEMENTS[2][1])
    u4 = _rating("u4", ELEMENTS[3][1])
    u5 = _rating("u5", ELEMENTS[4][1])
    u6 = _rating("u6", ELEMENTS[5][1])
    u7 = _rating("u7", ELEMENTS[6][1])
    u8 = _rating("u8", ELEMENTS[7][1])
    u9 = _rating("u9", ELEMENTS[8][1])
    comment = models.TextField("komentar", blank=True)

    class Meta:
        verbose_name = "jawaban survei"
        verbose_name_plural = "jawaban survei"
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{code}__gte": 1, f"{code}__lte": 4}),
                name=f"feedback_survey_{code}_1_to_4",
            )
            for code in ELEMENT_CODES
        ]

    def __str__(self) -> str:
        return f"jawaban #{self.pk} {self.submitted_on}"
