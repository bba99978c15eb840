"""Digitisation jobs: the files handed in, and one row per page with its own state.

State is written by the tasks themselves, so the staff dashboard never depends on the
Celery result backend. A job is finished by counting in the database (fan-in), never by
waiting on task results.
"""

from __future__ import annotations

from django.db import models

from common.models import optional_link


class State(models.TextChoices):
    QUEUED = "queued", "Antre"
    PROCESSING = "processing", "Diproses"
    DONE = "done", "Selesai"
    FAILED = "failed", "Gagal"


class ErrorFields(models.Model):
    """A readable failure: a code, a message in Indonesian and English, and the detail."""

    error_code = models.CharField("kode galat", max_length=40, blank=True)
    error_id = models.TextField("galat", blank=True)
    error_en = models.TextField("error", blank=True)
    error_detail = models.TextField("rincian galat", blank=True)

    class Meta:
        abstract = True

    def set_error(self, message: dict[str, str]) -> None:
        self.error_code = message.get("code", "")[:40]
        self.error_id = message.get("id", "")
        self.error_en = message.get("en", "")
        self.error_detail = message.get("detail", "")

    def clear_error(self) -> None:
        self.error_code = self.error_id = self.error_en = self.error_detail = ""


class DigitisationJob(ErrorFields):
    class JobState(models.TextChoices):
        OPEN = "open", "Terbuka (menerima halaman)"
        PROCESSING = "processing", "Diproses"
        ASSEMBLING = "assembling", "Disusun"
        DONE = "done", "Selesai"
        FAILED = "failed", "Gagal"

    class Source(models.TextChoices):
        SCANNER = "scanner", "Pemindai"
        UPLOAD = "upload", "Unggahan"
        HOT_FOLDER = "hot_folder", "Folder pantau"
        CLI = "cli", "Baris perintah"

    title = models.CharField("judul", max_length=500)
    publication = optional_link("catalogue.Publication", "publikasi", related_name="jobs")
    languages = models.CharField("bahasa OCR", max_length=64, default="ind+eng")
    clean_pages = models.BooleanField("bersihkan halaman (unpaper)", default=False)
    source = models.CharField(
        "sumber", max_length=16, choices=Source.choices, default=Source.UPLOAD
    )
    state = models.CharField(
        "status", max_length=16, choices=JobState.choices, default=JobState.OPEN, db_index=True
    )
    closed_at = models.DateTimeField("ditutup", null=True, blank=True)
    # Fan-in counters, updated with F() expressions inside transactions.
    inputs_total = models.PositiveIntegerField(default=0)
    inputs_expanded = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    pages_failed = models.PositiveIntegerField(default=0)
    # Messages sent again by recovery (worker start, reconciler): the broker lost or
    # parked the first one. Each re-dispatch is counted here and on its page.
    redispatches = models.PositiveIntegerField("dikirim ulang", default=0)
    softcopy = optional_link("catalogue.Softcopy", "salinan dapat dicari", related_name="+")
    duplicate_of = optional_link("self", "duplikat dari", related_name="+")
    created_at = models.DateTimeField("dibuat", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("mulai", null=True, blank=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        verbose_name = "pekerjaan digitalisasi"
        verbose_name_plural = "pekerjaan digitalisasi"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class JobInput(models.Model):
    """A file handed in (a PDF, or one image that may hold several TIFF frames)."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        IMAGE = "image", "Gambar"
        UNKNOWN = "unknown", "Tidak dikenal"

    job = models.ForeignKey(DigitisationJob, on_delete=models.CASCADE, related_name="inputs")
    position = models.PositiveIntegerField("urutan")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    filename = models.CharField("nama berkas asli", max_length=255)
    stored_name = models.CharField("berkas tersimpan", max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    client_key = models.CharField(
        "kunci unggah",
        max_length=128,
        blank=True,
        help_text="Makes uploads idempotent: the same key is never added twice to a job.",
    )
    expanded = models.BooleanField(default=False)
    quarantined = models.BooleanField("dikarantina", default=False)
    # What the inspection found (page kinds, signed, encrypted, PDF/A claim, ...).
    info = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="input_unique_position"),
            models.UniqueConstraint(
                fields=["job", "client_key"],
                condition=~models.Q(client_key=""),
                name="input_unique_client_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.position} {self.filename}"


class JobPage(ErrorFields):
    """One page of a job: the unit of work, with its own state, timings and outputs."""

    class Kind(models.TextChoices):
        IMAGE = "image", "Gambar hasil pindai"
        PDF_TEXT = "pdf_text", "PDF dengan teks"
        PDF_SCANNED = "pdf_scanned", "PDF hasil pindai"

    job = models.ForeignKey(DigitisationJob, on_delete=models.CASCADE, related_name="pages")
    input = models.ForeignKey(JobInput, on_delete=models.CASCADE, related_name="pages")
    index = models.PositiveIntegerField("halaman dalam berkas", help_text="1-based")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(
        max_length=16, choices=State.choices, default=State.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    redispatches = models.PositiveSmallIntegerField("dikirim ulang", default=0)
    worker = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    ocr = models.BooleanField(default=False)
    blank = models.BooleanField("kosong (periksa)", default=False)
    text = models.TextField(blank=True)
    pdf_name = models.CharField(max_length=300, blank=True)
    hocr_name = models.CharField(max_length=300, blank=True)
    facts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["job", "input__position", "index"]
        constraints = [
            models.UniqueConstraint(fields=["input", "index"], name="jobpage_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.input_id}:{self.index}"

    @property
    def queue_wait_seconds(self) -> float | None:
        if self.queued_at and self.started_at:
            return (self.started_at - self.queued_at).total_seconds()
        return None

    @property
    def processing_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
