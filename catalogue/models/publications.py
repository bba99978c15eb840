"""A publication of BPS: one record per title and period, with subjects and contributors.

Records are never removed while they may have been harvested: deleting one only sets
``deleted_at`` (OAI-PMH reports it as a deleted record), and ``modified_at`` moves with
every change so harvesters can ask for what changed since a date.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

DEFAULT_PUBLISHER = "BPS Kota Pariaman"


class Subject(models.Model):
    name = models.CharField("nama subjek", max_length=200)

    class Meta:
        verbose_name = "subjek"
        verbose_name_plural = "subjek"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="subject_unique_name_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Contributor(models.Model):
    """A person or an organisation named on a publication (author, editor, ...)."""

    class Kind(models.TextChoices):
        PERSON = "person", "Perorangan"
        ORGANISATION = "organisation", "Badan/lembaga"

    name = models.CharField("nama", max_length=300)
    kind = models.CharField("jenis", max_length=16, choices=Kind.choices, default=Kind.PERSON)

    class Meta:
        verbose_name = "kontributor"
        verbose_name_plural = "kontributor"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="contributor_unique_name_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class PublicationQuerySet(models.QuerySet["Publication"]):
    def live(self) -> PublicationQuerySet:
        """Records not deleted: what staff and patrons see."""
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> PublicationQuerySet:
        return self.filter(deleted_at__isnull=False)


class Publication(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "Publik"
        HIDDEN = "hidden", "Tersembunyi"

    class Frequency(models.TextChoices):
        ANNUAL = "annual", "Tahunan"
        SEMESTER = "semester", "Semesteran"
        QUARTERLY = "quarterly", "Triwulanan"
        MONTHLY = "monthly", "Bulanan"
        WEEKLY = "weekly", "Mingguan"
        FIVE_YEARLY = "five_yearly", "Lima tahunan"
        TEN_YEARLY = "ten_yearly", "Sepuluh tahunan"
        IRREGULAR = "irregular", "Tidak tetap"
        ONE_OFF = "one_off", "Sekali terbit"

    class Kind(models.TextChoices):
        """BPS's kinds of publication: OAI-PMH sets and a search facet."""

        IN_FIGURES = "in_figures", "Dalam Angka"
        REGIONAL = "regional", "Statistik Daerah"
        INDICATORS = "indicators", "Indikator"
        ANALYSIS = "analysis", "Analisis"
        SURVEY = "survey", "Hasil sensus dan survei"
        NEWS = "news", "Berita Resmi Statistik"
        DIRECTORY = "directory", "Direktori"
        OTHER = "other", "Lainnya"

    title = models.CharField("judul", max_length=500)
    subtitle = models.CharField("anak judul", max_length=500, blank=True)
    kind = models.CharField(
        "jenis publikasi", max_length=16, choices=Kind.choices, default=Kind.OTHER, db_index=True
    )
    catalogue_number = models.CharField(
        "nomor katalog BPS",
        max_length=32,
        blank=True,
        db_index=True,
        help_text="Contoh: 1102001.1377 (7 angka, titik, kode wilayah).",
    )
    publication_number = models.CharField(
        "nomor publikasi",
        max_length=32,
        blank=True,
        db_index=True,
        help_text="Contoh: 03200.2322 (5 angka, titik, 4 angka).",
    )
    issn_print = models.CharField("ISSN cetak", max_length=9, blank=True, db_index=True)
    issn_electronic = models.CharField("ISSN elektronik", max_length=9, blank=True, db_index=True)
    isbn = models.CharField(
        "ISBN", max_length=13, blank=True, db_index=True, help_text="ISBN-13 atau ISBN-10."
    )
    release_date = models.DateField("tanggal rilis", null=True, blank=True)
    scheduled_date = models.DateField("tanggal rilis terjadwal", null=True, blank=True)
    year = models.PositiveSmallIntegerField("tahun", null=True, blank=True, db_index=True)
    period = models.CharField(
        "periode",
        max_length=40,
        blank=True,
        help_text="Bagian dari tahun untuk terbitan berkala, mis. Triwulan II, Semester 1, Maret.",
    )
    frequency = models.CharField(
        "frekuensi terbit", max_length=16, choices=Frequency.choices, blank=True
    )
    area_code = models.CharField(
        "kode wilayah", max_length=10, blank=True, help_text="Mis. 13 (Sumatera Barat), 1377."
    )
    area_name = models.CharField("nama wilayah", max_length=200, blank=True)
    subjects = models.ManyToManyField(
        Subject, verbose_name="subjek", blank=True, related_name="publications"
    )
    language = models.CharField(
        "bahasa", max_length=16, default="ind", help_text="Kode ISO 639, mis. ind atau ind,eng."
    )
    abstract = models.TextField("abstrak", blank=True)
    publisher = models.CharField("penerbit", max_length=300, default=DEFAULT_PUBLISHER)
    contributors: models.ManyToManyField[Contributor, PublicationContributor] = (
        models.ManyToManyField(
            Contributor,
            verbose_name="kontributor",
            through="PublicationContributor",
            blank=True,
            related_name="publications",
        )
    )
    edition = models.CharField("edisi", max_length=100, blank=True)
    pages = models.CharField(
        "jumlah halaman (kolasi)", max_length=100, blank=True, help_text="Mis. xii + 180 hlm."
    )
    notes = models.TextField("catatan", blank=True)
    cover = models.ImageField("sampul", upload_to="covers/%Y/", max_length=300, blank=True)
    visibility = models.CharField(
        "visibilitas", max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    modified_at = models.DateTimeField("diubah", auto_now=True, db_index=True)
    deleted_at = models.DateTimeField("dihapus", null=True, blank=True, db_index=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "publikasi"
        verbose_name_plural = "publikasi"
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def subject(self) -> str:
        """The subject names joined by ", " (read-only; PDF metadata uses it as keywords)."""
        return ", ".join(subject.name for subject in self.subjects.all())

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class PublicationContributor(models.Model):
    """A contributor's role on one publication, in the order they are credited."""

    class Role(models.TextChoices):
        # Values are MARC relator codes, so MARC exchange needs no mapping table.
        AUTHOR = "aut", "Penulis"
        EDITOR = "edt", "Penyunting"
        COMPILER = "com", "Penyusun"
        TRANSLATOR = "trl", "Penerjemah"
        PROJECT_DIRECTOR = "pdr", "Penanggung jawab"
        DATA_CONTRIBUTOR = "dtc", "Pengolah data"
        COVER_DESIGNER = "cov", "Desain sampul"
        CONTRIBUTOR = "ctb", "Kontributor"

    publication = models.ForeignKey(
        Publication,
        verbose_name="publikasi",
        on_delete=models.CASCADE,
        related_name="credits",
    )
    contributor = models.ForeignKey(
        Contributor, verbose_name="kontributor", on_delete=models.PROTECT, related_name="credits"
    )
    role = models.CharField("peran", max_length=8, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField("urutan", default=1)

    class Meta:
        verbose_name = "peran kontributor"
        verbose_name_plural = "peran kontributor"
        ordering = ["publication", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "contributor", "role"], name="credit_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contributor} ({self.get_role_display()})"
