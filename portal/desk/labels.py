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
from visitors.models.choices import (
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

Labels = dict[str, Promise]  # stored value -> label (an Indonesian message id)

SEX: Labels = {Sex.MALE: _("Laki-laki"), Sex.FEMALE: _("Perempuan")}
EDUCATION: Labels = {
    Education.SECONDARY_OR_LESS: _("SLTA/sederajat ke bawah"),
    Education.DIPLOMA: _("D1/D2/D3"),
    Education.BACHELOR: _("D4/S1"),
    Education.MASTER: _("S2"),
    Education.DOCTORATE: _("S3"),
}
OCCUPATION: Labels = {
    Occupation.STUDENT: _("Pelajar/mahasiswa"),
    Occupation.RESEARCHER: _("Peneliti/dosen"),
    Occupation.CIVIL_SERVANT: _("ASN/TNI/Polri"),
    Occupation.STATE_ENTERPRISE: _("Pegawai BUMN/BUMD"),
    Occupation.PRIVATE_EMPLOYEE: _("Pegawai swasta"),
    Occupation.SELF_EMPLOYED: _("Wiraswasta"),
    Occupation.OTHER: _("Lainnya"),
}
INSTITUTION_CATEGORY: Labels = {
    InstitutionCategory.STATE_INSTITUTION: _("Lembaga negara"),
    InstitutionCategory.MINISTRY: _("Kementerian dan lembaga pemerintah"),
    InstitutionCategory.SECURITY: _("TNI/Polri/BIN/Kejaksaan"),
    InstitutionCategory.LOCAL_GOVERNMENT: _("Pemerintah daerah"),
    InstitutionCategory.INTERNATIONAL: _("Lembaga internasional"),
    InstitutionCategory.EDUCATION_RESEARCH: _("Lembaga pendidikan dan penelitian"),
    InstitutionCategory.STATE_ENTERPRISE: _("BUMN/BUMD"),
    InstitutionCategory.PRIVATE: _("Swasta"),
    InstitutionCategory.OTHER: _("Lainnya (termasuk perorangan)"),
}
PURPOSE: Labels = {
    Purpose.ASSIGNMENT: _("Tugas sekolah/kuliah"),
    Purpose.THESIS: _("Skripsi/tesis/disertasi"),
    Purpose.RESEARCH: _("Penelitian"),
    Purpose.PLANNING: _("Perencanaan"),
    Purpose.EVALUATION: _("Evaluasi"),
    Purpose.OTHER: _("Lainnya"),
}
SERVICE: Labels = {
    PstService.LIBRARY: _("Perpustakaan"),
    PstService.CONSULTATION: _("Konsultasi statistik"),
    PstService.PRODUCT_PURCHASE: _("Penjualan produk statistik"),
    PstService.RECOMMENDATION: _("Rekomendasi kegiatan statistik"),
    PstService.OTHER: _("Lainnya"),
}
ID_TYPE: Labels = {
    IdType.KTP: _("KTP"),
    IdType.SIM: _("SIM"),
    IdType.PASSPORT: _("Paspor"),
    IdType.STUDENT_CARD: _("Kartu pelajar/mahasiswa"),
    IdType.OTHER: _("Lainnya"),
}
PRIORITY: Labels = {
    Priority.NONE: _("Tidak"),
    Priority.DISABILITY: _("Penyandang disabilitas"),
    Priority.ELDERLY: _("Lanjut usia"),
    Priority.PREGNANT: _("Ibu hamil"),
}
PRIORITY_REPORT: Labels = {**PRIORITY, Priority.NONE: _("Tanpa prioritas")}
VISIT_STATE: Labels = {
    VisitState.WAITING: _("Menunggu"),
    VisitState.IN_SERVICE: _("Sedang dilayani"),
    VisitState.DONE: _("Selesai dilayani"),
    VisitState.LEFT: _("Sudah pulang"),
}

# Each translated list beside the domain choices it must cover.
ALL: list[tuple[Labels, type[models.TextChoices]]] = [
    (SEX, Sex),
    (EDUCATION, Education),
    (OCCUPATION, Occupation),
    (INSTITUTION_CATEGORY, InstitutionCategory),
    (PURPOSE, Purpose),
    (SERVICE, PstService),
    (ID_TYPE, IdType),
    (PRIORITY, Priority),
    (VISIT_STATE, VisitState),
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
