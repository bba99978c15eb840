"""A generated PDF through the real pipeline (Celery worker) to the search API."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.test import Client

from bench.corpus_files import born_digital_pdf
from catalogue.models import DigitisationJob
from catalogue.services.jobs import job_add_file, job_close, job_create
from search.models import OutboxEntry
from tests.search.builders import pages_with, publication
from tests.workers.jobwait import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_word_on_page_seven_of_an_ingested_pdf_is_found_on_page_seven(
    celery_worker_name: str, tmp_path: Path, readers
) -> None:
    owner = publication("Kecamatan Pariaman Utara Dalam Angka 2019", year=2019)
    pdf = born_digital_pdf(pages_with("salakpondoh")[:8], tmp_path / "dda.pdf")
    job = job_create(title=owner.title, publication=owner)
    job_add_file(job=job, path=pdf, filename="dda.pdf")
    job_close(job=job)
    done = wait_for(job.pk, timeout=120)
    assert done.state == DigitisationJob.JobState.DONE, done.error_en
    client = Client()
    client.force_login(readers["patron"])
    deadline, hits = time.monotonic() + 30, []
    while time.monotonic() < deadline and not hits:
        answer = client.get("/api/v1/search", {"q": "salakpondoh", "year": "2019"}).json()
        hits = [
            (p["id"], pg["page"], pg["snippet_html"])
            for p in answer["publications"]
            for pg in p["pages"]
        ]
        time.sleep(0.2)
    assert [(pid, page) for pid, page, _ in hits] == [(owner.pk, 7)]
    assert "<mark>salakpondoh</mark>" in hits[0][2]
    deadline = time.monotonic() + 10
    while OutboxEntry.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not OutboxEntry.objects.exists()  # the flush after the job removed its rows
