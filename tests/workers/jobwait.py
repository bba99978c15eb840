"""Helpers for integration tests that drive jobs through real workers."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from catalogue.models import DigitisationJob
from catalogue.services.jobs import job_add_file, job_close, job_create

FINAL = {DigitisationJob.JobState.DONE, DigitisationJob.JobState.FAILED}


def run_job(paths: list[Path], *, title: str = "Uji", timeout: float = 240) -> DigitisationJob:
    job = job_create(title=title)
    for path in paths:
        job_add_file(job=job, path=path, filename=path.name)
    job_close(job=job)
    return wait_for(job.pk, timeout=timeout)


def wait_for(job_id: int, *, timeout: float = 240) -> DigitisationJob:
    deadline = time.monotonic() + timeout
    while True:
        job = DigitisationJob.objects.select_related("softcopy").get(pk=job_id)
        if job.state in FINAL:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job.state} after {timeout} s")
        time.sleep(0.25)


def page_text(pdf: Path, number: int) -> str:
    """A page's text read by poppler, independently of the pipeline."""
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
