"""A small library for backup tests, built through the catalogue's services."""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bench.corpus import make_page
from bench.corpus_files import born_digital_pdf, write_png
from catalogue.models import DigitisationJob, JobInput, Page, Publication
from catalogue.services.jobs import job_add_file, job_close, job_create
from search.models import OutboxEntry
from tests.search.builders import pages_with, publication
from tests.workers.jobwait import wait_for

STAFF = "pustakawan-cadangan"
TITLES = [
    "Kota Pariaman Dalam Angka 2024",
    "Statistik Daerah Kota Pariaman 2023",
    "Indeks Pembangunan Manusia Kota Pariaman 2022",
    "Produk Domestik Regional Bruto Kota Pariaman 2021",
]


@dataclass
class Library:
    publications: list[Publication]
    job: DigitisationJob | None = None
    ocr_word: str = ""


def cover_upload(colour: str = "navy") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 170), colour).save(buffer, "PNG")
    return SimpleUploadedFile("sampul.png", buffer.getvalue(), content_type="image/png")


def catalogue_records() -> list[Publication]:
    User.objects.create_user(STAFF, password="rahasia-cadangan-1", is_staff=True)
    records = [publication(TITLES[0], year=2024, cover=cover_upload())]
    records += [publication(title, year=int(title[-4:])) for title in TITLES[1:]]
    return records


def digitised_library(tmp_path: Path) -> Library:
    """Records plus one job through the real worker: a scanned page (OCR) and a text PDF."""
    records = catalogue_records()
    scan = write_png(make_page(47, kind="prose", dpi=150, size="B5"), tmp_path / "scan-1.png")
    pdf = born_digital_pdf(pages_with("salakpondoh")[:7], tmp_path / "dda.pdf")
    job = job_create(title=records[0].title, publication=records[0])
    job_add_file(job=job, path=scan, filename=scan.name)
    job_add_file(job=job, path=pdf, filename=pdf.name)
    job_close(job=job)
    done = wait_for(job.pk, timeout=180)
    assert done.state == DigitisationJob.JobState.DONE, (done.error_en, done.error_detail)
    _settle(done)
    first_page = Page.objects.get(softcopy=done.softcopy, number=1).text
    words = sorted(set(re.findall(r"[A-Za-z]{8,}", first_page)), key=len, reverse=True)
    assert words, first_page
    return Library(records, done, words[0].lower())


def _settle(job: DigitisationJob, timeout: float = 60) -> None:
    """Wait for what the worker does after a job: thumbnails, and its search flush."""
    deadline = time.monotonic() + timeout
    pages = Page.objects.filter(softcopy=job.softcopy)
    while pages.filter(thumbnail="").exists() or OutboxEntry.objects.exists():
        assert time.monotonic() < deadline, "thumbnails or the search flush never came"
        time.sleep(0.2)


def stored_library(tmp_path: Path) -> Library:
    """Records with real stored files, made without the broker (no task is sent): a
    softcopy with page thumbnails and a job's kept original."""
    from catalogue.models import Softcopy
    from catalogue.services.thumbnails import softcopy_make_thumbnails
    from catalogue.storage import store_content_addressed

    records = catalogue_records()
    pdf = born_digital_pdf(pages_with("salakpondoh")[:3], tmp_path / "dda.pdf")
    name, sha, size = store_content_addressed(pdf, prefix="softcopies", suffix=".pdf")
    softcopy = Softcopy.objects.create(
        publication=records[0],
        title=records[0].title,
        file=name,
        sha256=sha,
        size_bytes=size,
        origin=Softcopy.Origin.BORN_DIGITAL,
        page_count=3,
    )
    Page.objects.bulk_create(
        Page(softcopy=softcopy, number=n, text=f"halaman {n}") for n in (1, 2, 3)
    )
    assert softcopy_make_thumbnails(softcopy_id=softcopy.pk) == 3
    scan = write_png(make_page(48, kind="prose", dpi=72, size="B5"), tmp_path / "scan.png")
    job = DigitisationJob.objects.create(title=records[1].title, publication=records[1])
    name, sha, size = store_content_addressed(scan, prefix="originals", suffix=".png")
    JobInput.objects.create(
        job=job,
        position=1,
        kind=JobInput.Kind.IMAGE,
        filename=scan.name,
        stored_name=name,
        sha256=sha,
        size_bytes=size,
    )
    return Library(records, job)


def cadangan(tmp_path: Path) -> Path:
    """A backup folder (it must exist: backups never create one, see backups.services)."""
    folder = tmp_path / "cadangan"
    folder.mkdir(exist_ok=True)
    return folder
