"""Softcopy requests: a patron asks for a publication's PDF, staff approve or reject.

When a patron's account goes (deletion or retention), the request stays without its
``patron`` and free-text ``purpose_detail``: the statistics (what, when, which category
of purpose, decision) remain, the person does not.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import optional_link


class SoftcopyRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu"
        APPROVED = "approved", "Disetujui"
        REJECTED = "rejected", "Ditolak"

    class Purpose(models.TextChoices):
        RESEARCH = "research", "Penelitian"
        STUDY = "study", "Tugas sekolah/kuliah"
        WORK = "work", "Pekerjaan/kedinasan"
        OTHER = "other", "Lainnya"

    patron = optional_link(settings.AUTH_USER_MODEL, "anggota", related_name="softcopy_requests")
    publication = models.ForeignKey(
        "catalogue.Publication",
        verbose_name="publikasi",
        null=True,
        on_delete=models.SET_NULL,
        related_name="softcopy_requests",
    )
    # Which file is sent: chosen when approved (the publication's newest readable PDF).
    softcopy = optional_link("catalogue.Softcopy", "salinan digital", related_name="requests")
    purpose = models.CharField("keperluan", max_length=16, choices=Purpose.choices)
    purpose_detail = models.TextField("keterangan keperluan", blank=True)
    pages = models.CharField("halaman", max_length=200, blank=True)
    status = models.CharField(
        "status", max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    requested_at = models.DateTimeField("diminta", auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField("diputuskan", null=True, blank=True)
    decided_by = optional_link(settings.AUTH_USER_MODEL, "diputuskan oleh", related_name="+")
    rejection_reason = models.TextField("alasan penolakan", blank=True)
    link_expires_at = models.DateTimeField("tautan berlaku sampai", null=True, blank=True)
    downloaded_at = models.DateTimeField("pertama diunduh", null=True, blank=True)

    class Meta:
        verbose_name = "permintaan salinan digital"
        verbose_name_plural = "permintaan salinan digital"
        ordering = ["-requested_at"]
        permissions = [("decide_softcopyrequest", "Dapat memutuskan permintaan salinan digital")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"
