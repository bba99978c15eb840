"""A visitor: a person recognised by a normalised phone number or a lower-cased email.

Only what the guestbook asks is stored; an identity card's number never is (UU 27/2022
on personal data protection). Personal details are wiped by ``visitors_purge`` after the
retention period, leaving a row that still counts as one person in old reports.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from visitors.models.choices import Education, InstitutionCategory, Occupation, Sex


class Visitor(models.Model):
    name = models.CharField("nama", max_length=150)
    phone = models.CharField(
        "nomor HP (E.164)", max_length=16, blank=True, help_text="mis. +6281234567890"
    )
    email = models.EmailField("surel", max_length=254, blank=True)
    birth_year = models.PositiveSmallIntegerField("tahun lahir", null=True, blank=True)
    sex = models.CharField("jenis kelamin", max_length=8, choices=Sex.choices)
    education = models.CharField("pendidikan", max_length=16, choices=Education.choices)
    occupation = models.CharField("pekerjaan", max_length=20, choices=Occupation.choices)
    institution = models.CharField("instansi", max_length=200, blank=True)
    institution_category = models.CharField(
        "kategori instansi", max_length=24, choices=InstitutionCategory.choices
    )
    created_at = models.DateTimeField("pertama tercatat", auto_now_add=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)
    anonymised_at = models.DateTimeField("dianonimkan", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "pengunjung"
        verbose_name_plural = "pengunjung"
        ordering = ["-created_at"]
        constraints = [
            # One person per phone and per email: how a returning visitor is recognised.
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="visitors_visitor_phone_unique"
            ),
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="visitors_visitor_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name if self.anonymised_at is None else f"Pengunjung #{self.pk} (anonim)"
