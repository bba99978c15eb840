"""Bad input fails clearly and loses nothing; a killed worker process loses no page."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from bench.bad_inputs import make_bad_inputs
from bench.corpus import make_page
from bench.corpus_files import write_png
from bench.corpus_types import GeneratedPage, Kind
from catalogue.models import DigitisationJob, JobPage, Page
from catalogue.services.jobs import job_add_file, job_close, job_create, job_retry
from catalogue.storage import local_path, sha256_of
from tests.workers.jobwait import page_count, run_job, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _small(seed: int, kind: Kind) -> GeneratedPage:
    """A B5 page at 150 dpi: what these tests prove (failures, retries, a killed process)
    does not depend on the page's size, and a quarter of the A4 300 dpi pixels OCR faster."""
    return make_page(seed, kind=kind, dpi=150, size="B5")


def test_every_bad_input_fails_its_job_clearly_and_is_kept(
    celery_worker_name: str, tmp_path: Path
) -> None:
    corpus = make_bad_inputs(tmp_path / "bad")
    assert len(corpus) >= 15
    jobs = {}
    for kind, bad in corpus.items():
        job = job_create(title=kind)
        job_add_file(job=job, path=bad.path, filename=bad.path.name)
        job_close(job=job)
        jobs[kind] = job.pk
    for kind, bad in corpus.items():
        job = wait_for(jobs[kind], timeout=120)
        assert job.state == DigitisationJob.JobState.FAILED, kind
        assert job.error_code == bad.expected_code, (kind, job.error_code, job.error_detail)
        assert job.error_id, kind
        assert job.error_en, kind
        kept = job.inputs.get()
        assert kept.quarantined, kind
        assert sha256_of(Path(local_path(kept.stored_name))) == sha256_of(bad.path), kind
    good = run_job([write_png(_small(41, "table"), tmp_path / "good.png")])
    assert good.state == DigitisationJob.JobState.DONE, "the worker must still serve jobs"


def test_failed_job_retried_after_the_cause_is_fixed_completes(
    celery_worker_name: str, tmp_path: Path, settings
) -> None:
    page = write_png(_small(42, "prose"), tmp_path / "halaman.png")
    job = job_create(title="Bahasa yang belum terpasang", languages="ind+xyz")
    job_add_file(job=job, path=page, filename=page.name)
    job_close(job=job)
    job = wait_for(job.pk)
    assert job.state == DigitisationJob.JobState.FAILED
    assert job.error_code == "ocr_language_missing"
    assert "xyz" in job.error_detail
    DigitisationJob.objects.filter(pk=job.pk).update(languages="ind+eng")
    job_retry(job=job)
    job = wait_for(job.pk)
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    assert JobPage.objects.get(job=job).attempts == 2


def test_killed_worker_process_mid_job_loses_and_duplicates_nothing(
    celery_worker_name: str, tmp_path: Path
) -> None:
    """SIGKILL the process OCR-ing a page; the page runs again, the job completes once."""
    from workers.celery import app

    files = [write_png(_small(50 + i, "prose"), tmp_path / f"{i}.png") for i in range(4)]
    job = job_create(title="Dibunuh")
    for path in files:
        job_add_file(job=job, path=path, filename=path.name)
    job_close(job=job)
    deadline = time.monotonic() + 120
    victim = None
    while victim is None and time.monotonic() < deadline:
        processing = JobPage.objects.filter(job=job, state="processing").first()
        if processing is not None:
            time.sleep(0.2)  # let it get into Tesseract
            victim = _worker_pid_running(app, processing.pk)
        time.sleep(0.05)
    assert victim is not None, "no page was seen processing"
    os.kill(victim, signal.SIGKILL)
    job = wait_for(job.pk, timeout=300)
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    pages = list(JobPage.objects.filter(job=job))
    assert len(pages) == 4
    assert all(p.state == "done" for p in pages)
    assert max(p.attempts for p in pages) >= 2
    assert job.pages_done == 4
    assert Page.objects.filter(softcopy=job.softcopy).count() == 4
    assert page_count(Path(local_path(job.softcopy.file.name))) == 4


def _worker_pid_running(app, page_id: int) -> int | None:
    """The pool process whose active task is this page (from the workers themselves)."""
    active = app.control.inspect(timeout=1.0).active() or {}
    for tasks in active.values():
        for task in tasks:
            if task.get("args") == [page_id]:
                return int(task["worker_pid"])
    return None
