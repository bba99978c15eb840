"""The real pipeline end to end: Celery on Redis, Tesseract, PDF/A assembly, catalogue.

Text is checked with poppler's pdftotext, independently of the pipeline.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import degrade, make_page, mixed_pdf, mixed_pdf_pages
from bench.corpus_files import born_digital_pdf, write_jpeg, write_png, write_tiff
from bench.metrics import cer
from catalogue.models import DigitisationJob, JobPage, Page
from catalogue.storage import local_path, sha256_of
from tests.pipeline_pdf.pdf_builders import with_signature_field
from tests.workers.jobwait import page_count, page_text, run_job
from workers.pipeline.assemble import pdf_metadata, read_pdfa_claim

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{6,}", text)}


def _distinct(pages: list) -> list[set[str]]:
    """Per page, the long words that appear on no other page (to prove page order)."""
    sets = [_words(p.text) for p in pages]
    return [s - set().union(*(o for j, o in enumerate(sets) if j != i)) for i, s in enumerate(sets)]


def _softcopy_path(job: DigitisationJob) -> Path:
    assert job.softcopy is not None
    path = local_path(job.softcopy.file.name)
    assert path is not None
    return path


def test_scanned_pages_become_one_searchable_pdfa_in_order(
    celery_worker_name: str, tmp_path: Path
) -> None:
    upright = make_page(11, kind="prose")
    rotated = degrade(make_page(12, kind="table"), rotate=90, seed=1)
    skewed = degrade(make_page(13, kind="prose"), skew_degrees=-3.0, seed=2)
    truth = [upright, rotated, skewed]
    files = [
        write_png(upright, tmp_path / "01.png"),
        write_tiff(rotated, tmp_path / "02.tif"),
        write_jpeg(skewed, tmp_path / "03.jpg", quality=92),
    ]
    job = run_job(files, title="Kota Pariaman Dalam Angka 2024")
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    pdf = _softcopy_path(job)
    assert page_count(pdf) == 3
    assert read_pdfa_claim(pdf) == ("2", "B")
    metadata = pdf_metadata(pdf)
    assert metadata["docinfo"]["Title"] == "Kota Pariaman Dalam Angka 2024"
    assert metadata["xmp"]["dc:title"] == "Kota Pariaman Dalam Angka 2024"
    assert metadata["docinfo"]["Creator"].startswith("Pustaka")
    for number, distinct in enumerate(_distinct(truth), 1):
        extracted = _words(page_text(pdf, number))
        assert len(distinct & extracted) >= 0.8 * len(distinct), f"page {number}"
    pages = list(Page.objects.filter(softcopy=job.softcopy).order_by("number"))
    assert [p.number for p in pages] == [1, 2, 3]
    for page, generated in zip(pages, truth, strict=True):
        assert cer(generated.text, page.text) < 0.02  # rotated and skewed pages read right
    rows = {p.input.position: p for p in JobPage.objects.filter(job=job).select_related("input")}
    assert rows[2].facts["rotation"] in (90, 270)
    assert abs(rows[3].facts["skew_degrees"]) > 2
    assert all(p.ocr and p.attempts == 1 and p.state == "done" for p in rows.values())
    original = job.inputs.get(position=1)
    assert sha256_of(Path(local_path(original.stored_name))) == sha256_of(files[0])


def test_mixed_pdf_ocrs_only_its_scanned_pages(celery_worker_name: str, tmp_path: Path) -> None:
    source = tmp_path / "campuran.pdf"
    scanned = mixed_pdf(source, n_pages=4, scanned=[2, 4])
    truth = mixed_pdf_pages(4)
    job = run_job([source], title="Campuran")
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    pages = list(JobPage.objects.filter(job=job).order_by("index"))
    assert [p.index for p in pages if p.ocr] == scanned
    assert [p.kind for p in pages] == ["pdf_text", "pdf_scanned", "pdf_text", "pdf_scanned"]
    pdf = _softcopy_path(job)
    assert page_count(pdf) == 4
    for number, page in enumerate(truth, start=1):
        assert cer(page.text, Page.objects.get(softcopy=job.softcopy, number=number).text) < 0.03
        assert len(_words(page.text) & _words(page_text(pdf, number))) > 20


def test_born_digital_pdf_is_its_own_softcopy_without_ocr(
    celery_worker_name: str, tmp_path: Path
) -> None:
    texts = [make_page(21, kind="prose").text, make_page(22, kind="table").text]
    source = born_digital_pdf(texts, tmp_path / "digital.pdf")
    job = run_job([source], title="Digital")
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    assert job.softcopy is not None
    assert job.softcopy.sha256 == sha256_of(source)
    assert job.softcopy.origin == "born_digital"
    assert not JobPage.objects.filter(job=job, ocr=True).exists()
    stored = [p.text for p in Page.objects.filter(softcopy=job.softcopy).order_by("number")]
    for expected, got in zip(texts, stored, strict=True):
        assert expected.split() == got.split()


def test_ingest_command_waits_and_prints_json(celery_worker_name: str, tmp_path: Path) -> None:
    from django.conf import settings

    from tests.conftest import REPO_ROOT, shared_database_url

    # Small pages: the command's waiting and its JSON do not depend on the page size.
    pages = [
        make_page(31, kind="table", dpi=150, size="B5"),
        make_page(32, kind="prose", dpi=150, size="B5"),
    ]
    files = [write_png(p, tmp_path / f"{i}.png") for i, p in enumerate(pages, 1)]
    env = {
        "DATABASE_URL": shared_database_url(),
        "PUSTAKA_VAR_DIR": str(settings.VAR_DIR),
        "REDIS_URL": settings.REDIS_URL,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "portal.cli",
            "ingest",
            *map(str, files),
            "--title",
            "Tabel",
            "--wait",
            "--json",
        ],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert summary["state"] == "done"
    assert (summary["pages"], summary["ocr_pages"], summary["text_pages"]) == (2, 2, 0)
    assert summary["blank_pages"] == 0
    assert summary["pdfa"] is True
    assert summary["seconds"] > 0
    pdf = Path(summary["pdf"])
    assert pdf.is_absolute()
    assert page_count(pdf) == 2


def test_signed_pdf_is_never_rewritten(celery_worker_name: str, tmp_path: Path) -> None:
    mixed = tmp_path / "campuran.pdf"
    mixed_pdf(mixed, n_pages=2, scanned=[2])
    signed = with_signature_field(mixed, tmp_path / "bertanda-tangan.pdf")
    job = run_job([signed], title="Bertanda tangan")
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    searchable = job.softcopy
    assert searchable is not None
    original = searchable.derived_from
    assert original is not None, "the signed original must stay a softcopy of its own"
    assert original.signed
    assert original.sha256 == sha256_of(signed)
    assert sha256_of(Path(local_path(original.file.name))) == sha256_of(signed)
    assert searchable.sha256 != original.sha256
    assert len(_words(page_text(_softcopy_path(job), 2))) > 20  # the scanned page is OCR'd


def test_finished_pages_are_handed_to_the_search_index(
    celery_worker_name: str, tmp_path: Path, settings
) -> None:
    from search_index.client import SearchConfig, make_client
    from search_index.pages import index_name

    page = make_page(61, kind="prose")
    job = run_job([write_png(page, tmp_path / "1.png")], title="Indeks")
    assert job.state == DigitisationJob.JobState.DONE
    config = SearchConfig(
        url=settings.MEILISEARCH_URL,
        api_key=settings.MEILISEARCH_API_KEY,
        index_prefix=settings.MEILISEARCH_INDEX_PREFIX,
    )
    index = make_client(config).index(index_name(config, "pages"))
    word = max(_words(page.text), key=len)
    deadline, hits = time.monotonic() + 30, []
    while time.monotonic() < deadline and not hits:
        try:
            hits = index.search(word, {"filter": f"softcopy_id = {job.softcopy_id}"})["hits"]
        except Exception:  # the index may not exist until the first page arrives
            hits = []
        time.sleep(0.2)
    assert [(h["softcopy_id"], h["page"]) for h in hits] == [(job.softcopy_id, 1)]
    assert hits[0]["title"] == "Indeks"
