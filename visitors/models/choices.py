"""The closed lists a guestbook entry and a visit choose from (Indonesian labels).

Categories follow BPS's own visitor survey (Survei Kebutuhan Data) so the reports line up
with what the office already publishes.
"""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    MALE = "male", "Laki-laki"
    FEMALE = "female", "Perempuan"


class Education(models.TextChoices):
    SECONDARY_OR_LESS = "secondary", "SLTA/sederajat ke bawah"
    DIPLOMA = "diploma", "D1/D2/D3"
    BACHELOR = "bachelor", "D4/S1"
    MASTER = "master", "S2"
    DOCTORATE = "doctorate", "S3"


class Occupation(models.TextChoices):
    STUDENT = "student", "Pelajar/mahasiswa"
    RESEARCHER = "researcher", "Peneliti/dosen"
    CIVIL_SERVANT = "civil_servant", "ASN/TNI/Polri"
    STATE_ENTERPRISE = "state_enterprise", "Pegawai BUMN/BUMD"
    PRIVATE_EMPLOYEE = "private_employee", "Pegawai swasta"
    SELF_EMPLOYED = "self_employed", "Wiraswasta"
    OTHER = "other", "Lainnya"


class InstitutionCategory(models.TextChoices):
    STATE_INSTITUTION = "state_institution", "Lembaga negara"
    MINISTRY = "ministry", "Kementerian dan lembaga pemerintah"
    SECURITY = "security", "TNI/Polri/BIN/Kejaksaan"
    LOCAL_GOVERNMENT = "local_government", "Pemerintah daerah"
    INTERNATIONAL = "international", "Lembaga internasional"
    EDUCATION_RESEARCH = "education_research", "Lembaga pendidikan dan penelitian"
    STATE_ENTERPRISE = "state_enterprise", "BUMN/BUMD"
    PRIVATE = "private", "Swasta"
    OTHER = "other", "Lainnya (termasuk perorangan)"


class Purpose(models.TextChoices):
    ASSIGNMENT = "assignment", "Tugas sekolah/kuliah"
    THESIS = "thesis", "Skripsi/tesis/disertasi"
    RESEARCH = "research", "Penelitian"
    PLANNING = "planning", "Perencanaan"
    EVALUATION = "evaluation", "Evaluasi"
    OTHER = "other", "Lainnya"


class PstService(models.TextChoices):
    LIBRARY = "library", "Perpustakaan"
    CONSULTATION = "consultation", "Konsultasi statistik"
    PRODUCT_PURCHASE = "product_purchase", "Penjualan produk statistik"
    RECOMMENDATION = "recommendation", "Rekomendasi kegiatan statistik"
    OTHER = "other", "Lainnya"


class IdType(models.TextChoices):
    """The kind of identity card shown at the desk; its number is never recorded."""

    KTP = "ktp", "KTP"
    SIM = "sim", "SIM"
    PASSPORT = "passport", "Paspor"
    STUDENT_CARD = "student_card", "Kartu pelajar/mahasiswa"
    OTHER = "other", "Lainnya"


class AgeBand(models.TextChoices):
    """Age at the visit in coarse bands: kept for statistics after the birth year is purged."""

    UNDER_20 = "under_20", "< 20 tahun"
    FROM_20 = "20_29", "20–29 tahun"
    FROM_30 = "30_39", "30–39 tahun"
    FROM_40 = "40_49", "40–49 tahun"
    FROM_50 = "50_59", "50–59 tahun"
    FROM_60 = "60_plus", "60 tahun ke atas"
    UNKNOWN = "unknown", "Tidak diketahui"


class Priority(models.TextChoices):
    """The priority lane: special treatment public services owe these visitors (UU 25/2009)."""

    NONE = "", "Tanpa prioritas"
    DISABILITY = "disability", "Penyandang disabilitas"
    ELDERLY = "elderly", "Lanjut usia"
    PREGNANT = "pregnant", "Ibu hamil"


class VisitState(models.TextChoices):
    WAITING = "waiting", "Menunggu"
    IN_SERVICE = "in_service", "Sedang dilayani"
    DONE = "done", "Selesai dilayani"
    LEFT = "left", "Sudah pulang"


class PhotocopyStatus(models.TextChoices):
    ISSUED = "issued", "Diterbitkan"
    DONE = "done", "Selesai"


class AuditAction(models.TextChoices):
    GUESTBOOK_SUBMIT = "guestbook.submit", "Isi buku tamu"
    SERVICE_START = "visit.start_service", "Mulai layanan"
    SERVICE_FINISH = "visit.finish_service", "Selesai layanan"
    LOCKER_ASSIGN = "locker.assign", "Terima kartu identitas dan beri loker"
    LOCKER_RELEASE = "locker.release", "Kembalikan kartu identitas dan kosongkan loker"
    READING_START = "reading.start", "Mulai baca di ruang baca"
    READING_RETURN = "reading.return", "Kembalikan bacaan"
    PHOTOCOPY_ISSUE = "photocopy.issue", "Terbitkan formulir fotokopi"
    PHOTOCOPY_DONE = "photocopy.done", "Fotokopi selesai"
    CHECK_OUT = "visit.check_out", "Pulang (waktu keluar)"
    PRIORITY_SET = "visit.priority", "Ubah layanan prioritas"
    PURGE = "visitors.purge", "Anonimkan data pribadi lama"


def age_band(*, birth_year: int | None, at_year: int) -> str:
    """The band of the age a visitor reaches in ``at_year`` (birth dates are never asked)."""
    if birth_year is None:
        return AgeBand.UNKNOWN
    age = at_year - birth_year
    if age < 20:
        return AgeBand.UNDER_20
    if age >= 60:
        return AgeBand.FROM_60
    return {2: AgeBand.FROM_20, 3: AgeBand.FROM_30, 4: AgeBand.FROM_40, 5: AgeBand.FROM_50}[
        age // 10
    ]
