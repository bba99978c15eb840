"""Office-scanner PDF encodings through the real pipeline: JBIG2 and CCITT G4 pages.

A JBIG2 page needs Debian's ``jbig2dec`` (scripts/apt-packages.txt): without it the
page image cannot be decoded at all and the whole document fails. The job goes through
a real Celery worker, Tesseract and PDF/A assembly; the text is checked against the
generated page's ground truth.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from bench.corpus import make_page
from bench.metrics import cer
from bench.pdf_encodings import ccitt_pdf, jbig2_pdf
from catalogue.models import DigitisationJob, JobPage, Page
from catalogue.storage import local_path
from tests.workers.jobwait import page_count, run_job

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _bitonal_page(seed: int, kind: str) -> tuple[Image.Image, str]:
    """A small generated page (B5 at 200 dpi: quick to read), thresholded; its text."""
    page = make_page(seed, kind=kind, dpi=200, size="B5")  # type: ignore[arg-type]
    return page.image.point(lambda v: 255 if v >= 150 else 0).convert("1"), page.text


def test_jbig2_and_ccitt_pdfs_are_read_like_any_scan(
    celery_worker_name: str, tmp_path: Path
) -> None:
    jbig2_image, jbig2_truth = _bitonal_page(61, "prose")
    ccitt_image, ccitt_truth = _bitonal_page(62, "table")
    files = [
        jbig2_pdf(jbig2_image, 200, tmp_path / "kantor-jbig2.pdf"),
        ccitt_pdf(ccitt_image, 200, tmp_path / "faks-ccitt.pdf"),
    ]
    job = run_job(files, title="Arsip pindaian kantor")
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    assert job.softcopy is not None
    rows = list(JobPage.objects.filter(job=job).order_by("input__position"))
    # Both page images were taken out of the PDFs losslessly, not re-rendered, at 200 dpi.
    assert [r.facts.get("raster_source") for r in rows] == ["extracted", "extracted"]
    assert [r.facts.get("dpi") for r in rows] == [200, 200]
    pages = list(Page.objects.filter(softcopy=job.softcopy).order_by("number"))
    assert [p.number for p in pages] == [1, 2]
    for page, truth in zip(pages, (jbig2_truth, ccitt_truth), strict=True):
        assert cer(truth, page.text) < 0.02, page.text[:300]
    pdf = local_path(job.softcopy.file.name)
    assert pdf is not None
    assert page_count(Path(pdf)) == 2
