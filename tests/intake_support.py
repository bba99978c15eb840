"""A softcopy waiting in the intake inbox, made without workers: the three front pages of
``bench.intake_corpus.make_document(1)`` with their stored hOCR (tests/data/intake)."""

from __future__ import annotations

import functools
import hashlib
import io
import re
from pathlib import Path

import img2pdf
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from catalogue.models import DigitisationJob, JobInput, JobPage, Page, Softcopy

DATA = Path(__file__).resolve().parent / "data" / "intake"
TITLE = "Kota Pariaman Dalam Angka 2022"


@functools.lru_cache(maxsize=2)
def _pdf(*, images: bool) -> bytes:
    """The pages as a PDF: the generated scans, or blank pages of their size (cheap: the
    sizes come from the hOCR, nothing is drawn)."""
    from PIL import Image

    if images:
        from bench.intake_corpus import make_document

        pictures = make_document(1).pages
    else:
        sizes = [_hocr_size(number) for number in (1, 2, 3)]
        pictures = [Image.new("L", size, 255) for size in sizes]
    frames = []
    for picture in pictures:
        buffer = io.BytesIO()
        picture.convert("L").save(buffer, "JPEG", quality=60, dpi=(200, 200))
        frames.append(buffer.getvalue())
    return img2pdf.convert(frames)


def _hocr_size(number: int) -> tuple[int, int]:
    text = (DATA / f"page-{number}.hocr").read_text(encoding="utf-8")
    found = re.search(r"ocr_page.*?bbox 0 0 (\d+) (\d+)", text)
    assert found is not None
    return int(found.group(1)), int(found.group(2))


def waiting_softcopy(*, title: str = "Pindaian tanpa judul", images: bool = False) -> Softcopy:
    """A finished CLI job's softcopy without a publication, its pages' hOCR in storage."""
    job = DigitisationJob.objects.create(
        title=title, source=DigitisationJob.Source.CLI, state=DigitisationJob.JobState.DONE
    )
    pdf = _pdf(images=images)
    sha = hashlib.sha256(pdf).hexdigest()
    name = default_storage.save(f"softcopies/{sha[:2]}/{sha}.pdf", ContentFile(pdf))
    job_input = JobInput.objects.create(
        job=job, position=1, kind="pdf", filename="pindaian.pdf", stored_name=name, sha256=sha
    )
    softcopy = Softcopy.objects.create(
        title=title,
        file=name,
        origin=Softcopy.Origin.SCANNED,
        page_count=3,
        size_bytes=len(pdf),
        sha256=sha,
        job=job,
    )
    for number in (1, 2, 3):
        hocr = (DATA / f"page-{number}.hocr").read_text(encoding="utf-8")
        stored = default_storage.save(
            f"jobs/{job.pk}/pages/0001-{number:04d}.hocr", ContentFile(hocr.encode())
        )
        text = " ".join(part for part in hocr.split(">") if part)  # not used for extraction
        JobPage.objects.create(
            job=job,
            input=job_input,
            index=number,
            kind=JobPage.Kind.PDF_SCANNED,
            state="done",
            hocr_name=stored,
            text=text[:50],
        )
        Page.objects.create(softcopy=softcopy, number=number, text=f"halaman {number}")
    DigitisationJob.objects.filter(pk=job.pk).update(softcopy=softcopy)
    return softcopy
