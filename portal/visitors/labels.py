"""Translatable labels for the visitor domain's closed lists, keyed by the stored value.

The domain's choices carry plain Indonesian labels (the admin's language); the kiosk and the
desk speak the visitor's language too, so the same labels are repeated here as message ids.
A test checks that every domain value has a label, so the lists cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from visitors.models import Visit
from visitors.models import choices as c

Labels = dict[str, Promise]  # stored value -> label (an Indonesian message id)

SEX: Labels = {c.Sex.MALE: _("Laki-laki"), c.Sex.FEMALE: _("Perempuan")}
EDUCATION: Labels = {
    c.Education.SECONDARY_OR_LESS: _("SLTA/sederajat ke bawah"),
    c.Education.DIPLOMA: _("D1/D2/D3"),
    c.Education.BACHELOR: _("D4/S1"),
    c.Education.MASTER: _("S2"),
    c.Education.DOCTORATE: _("S3"),
}
OCCUPATION: Labels = {
    c.Occupation.STUDENT: _("Pelajar/mahasiswa"),
    c.Occupation.RESEARCHER: _("Peneliti/dosen"),
    c.Occupation.CIVIL_SERVANT: _("ASN/TNI/Polri"),
    c.Occupation.STATE_ENTERPRISE: _("Pegawai BUMN/BUMD"),
    c.Occupation.PRIVATE_EMPLOYEE: _("Pegawai swasta"),
    c.Occupation.SELF_EMPLOYED: _("Wiraswasta"),
    c.Occupation.OTHER: _("Lainnya"),
}
INSTITUTION_CATEGORY: Labels = {
    c.InstitutionCategory.STATE_INSTITUTION: _("Lembaga negara"),
    c.InstitutionCategory.MINISTRY: _("Kementerian dan lembaga pemerintah"),
    c.InstitutionCategory.SECURITY: _("TNI/Polri/BIN/Kejaksaan"),
    c.InstitutionCategory.LOCAL_GOVERNMENT: _("Pemerintah daerah"),
    c.InstitutionCategory.INTERNATIONAL: _("Lembaga internasional"),
    c.InstitutionCategory.EDUCATION_RESEARCH: _("Lembaga pendidikan dan penelitian"),
    c.InstitutionCategory.STATE_ENTERPRISE: _("BUMN/BUMD"),
    c.InstitutionCategory.PRIVATE: _("Swasta"),
    c.InstitutionCategory.OTHER: _("Lainnya (termasuk perorangan)"),
}
PURPOSE: Labels = {
    c.Purpose.ASSIGNMENT: _("Tugas sekolah/kuliah"),
    c.Purpose.THESIS: _("Skripsi/tesis/disertasi"),
    c.Purpose.RESEARCH: _("Penelitian"),
    c.Purpose.PLANNING: _("Perencanaan"),
    c.Purpose.EVALUATION: _("Evaluasi"),
    c.Purpose.OTHER: _("Lainnya"),
}
SERVICE: Labels = {
    c.PstService.LIBRARY: _("Perpustakaan"),
    c.PstService.CONSULTATION: _("Konsultasi statistik"),
    c.PstService.PRODUCT_PURCHASE: _("Penjualan produk statistik"),
    c.PstService.RECOMMENDATION: _("Rekomendasi kegiatan statistik"),
    c.PstService.OTHER: _("Lainnya"),
}
ID_TYPE: Labels = {
    c.IdType.KTP: _("KTP"),
    c.IdType.SIM: _("SIM"),
    c.IdType.PASSPORT: _("Paspor"),
    c.IdType.STUDENT_CARD: _("Kartu pelajar/mahasiswa"),
    c.IdType.OTHER: _("Lainnya"),
}
PRIORITY: Labels = {
    c.Priority.NONE: _("Tidak"),
    c.Priority.DISABILITY: _("Penyandang disabilitas"),
    c.Priority.ELDERLY: _("Lanjut usia"),
    c.Priority.PREGNANT: _("Ibu hamil"),
}
PRIORITY_REPORT: Labels = {**PRIORITY, c.Priority.NONE: _("Tanpa prioritas")}
VISIT_STATE: Labels = {
    c.VisitState.WAITING: _("Menunggu"),
    c.VisitState.IN_SERVICE: _("Sedang dilayani"),
    c.VisitState.DONE: _("Selesai dilayani"),
    c.VisitState.LEFT: _("Sudah pulang"),
}

# Each translated list beside the domain choices it must cover.
ALL: list[tuple[Labels, type[models.TextChoices]]] = [
    (SEX, c.Sex),
    (EDUCATION, c.Education),
    (OCCUPATION, c.Occupation),
    (INSTITUTION_CATEGORY, c.InstitutionCategory),
    (PURPOSE, c.Purpose),
    (SERVICE, c.PstService),
    (ID_TYPE, c.IdType),
    (PRIORITY, c.Priority),
    (VISIT_STATE, c.VisitState),
]


def choices(labels: Labels) -> list[tuple[str, Promise]]:
    """Form choices in the domain's order."""
    return [(str(value), label) for value, label in labels.items()]


def rows(counts: dict[str, int], labels: Labels) -> list[tuple[str, Promise | str, int]]:
    """``(code, label, count)`` for a report table, in the order the counts come in."""
    return [(code, labels.get(code, code), count) for code, count in counts.items()]


@dataclass(frozen=True)
class ShownVisit:
    """A visit with its closed-list values in the active language, for the desk pages."""

    visit: Visit
    state: Promise | str
    service: Promise | str
    purpose: Promise | str


def shown(visit: Visit) -> ShownVisit:
    return ShownVisit(
        visit=visit,
        state=VISIT_STATE.get(visit.state, visit.state),
        service=SERVICE.get(visit.service, visit.service),
        purpose=PURPOSE.get(visit.purpose, visit.purpose),
    )
