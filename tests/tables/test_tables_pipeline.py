"""Through the real workers: a job of one born-digital and one scanned table page
becomes a softcopy, and the follow-up task (enqueued by name on commit) records the
tables of both pages — the scanned one from the hOCR its OCR run stored."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.corpus_files import assemble_pdf, images_to_scanned_pdf
from bench.corpus_types import GeneratedPage
from bench.table_draw import lay_out, render_image, render_pdf
from bench.table_pages import page_tables
from catalogue.models import DigitisationJob, PageTable, TablePageScan
from tests.workers.jobwait import run_job

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _layout(seed: int):
    specs = page_tables(seed)
    return specs, next(x for pt in (9.0, 8.5, 8.0) if (x := lay_out(specs, pt, "K")))


def test_job_pages_get_their_tables(celery_worker_name: str, tmp_path: Path) -> None:
    born_specs, born = _layout(16)
    scan_specs, scan = _layout(5)
    image = GeneratedPage(image=render_image(scan), text="", words=[], digits="", dpi=300)
    parts = [
        render_pdf([born], tmp_path / "born.pdf"),
        images_to_scanned_pdf([image], tmp_path / "scan.pdf"),
    ]
    pdf = assemble_pdf(parts, tmp_path / "mixed.pdf")
    job = run_job([pdf], title="Kota Pariaman Dalam Angka 2024")
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    softcopy = job.softcopy
    assert softcopy is not None
    deadline = time.monotonic() + 120
    while TablePageScan.objects.filter(softcopy=softcopy).count() < 2:
        assert time.monotonic() < deadline, "the tables task did not finish"
        time.sleep(0.25)
    tables = list(PageTable.objects.filter(softcopy=softcopy).order_by("page", "ordinal"))
    assert [(t.page, t.number, t.source) for t in tables] == [
        (1, born_specs[0].number, "pdf"),
        (2, scan_specs[0].number, "hocr"),
    ]
    assert tables[0].data["rows"] == born_specs[0].rows
    assert tables[1].data["rows"] == scan_specs[0].rows
