"""Through a real Celery worker: a page that fails fails the scan task; a retry finishes it."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from bench.corpus import make_page
from bench.corpus_files import write_png
from catalogue.models import DigitisationJob, Holding
from catalogue.services.holdings import holding_create
from catalogue.services.jobs import job_retry
from catalogue.services.publications import publication_create
from catalogue.storage import sha256_of
from scanning.models import ScanRequest
from scanning.services.batches import BatchSpec, batch_close, batch_open, batch_page_store
from scanning.services.requests import scan_request_create_digitise
from scanning.services.stations import station_add

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _storage() -> None:
    """Overrides the folder's fixture: the worker must read the same (default) storage."""


def _wait(task_id: int, state: str, timeout: float = 180) -> ScanRequest:
    deadline = time.monotonic() + timeout
    while True:
        task = ScanRequest.objects.get(pk=task_id)
        if task.state == state:
            return task
        assert time.monotonic() < deadline, (task.state, task.error_en, task.error_detail)
        time.sleep(0.25)


def test_page_failure_fails_the_task_and_a_retried_job_completes_it(
    celery_worker_name: str, tmp_path: Path
) -> None:
    publication = publication_create(title="Statistik Daerah Kota Pariaman 2024")
    holding = holding_create(publication=publication, barcode=f"PST-{uuid.uuid4().hex[:6]}")
    task = scan_request_create_digitise(holding=holding)
    station = station_add(name=f"gagal-{uuid.uuid4().hex[:6]}").station
    spec = BatchSpec(client_batch_id=str(uuid.uuid4()), scan_task_id=task.pk)
    batch = batch_open(station=station, spec=spec).batch
    # A language the worker lacks: the page gives up with a permanent, bilingual error.
    DigitisationJob.objects.filter(pk=batch.job_id).update(languages="ind+xyz")
    page = write_png(make_page(43, kind="prose", dpi=150, size="B5"), tmp_path / "1.png")
    batch_page_store(batch=batch, number=1, path=page, sha256=sha256_of(page), kind="png")
    batch_close(batch=batch, page_count=1)

    failed = _wait(task.pk, "failed")
    assert failed.error_code == "ocr_language_missing"
    assert "halaman-0001.png" in failed.error_id
    assert "halaman-0001.png" in failed.error_en
    assert failed.error_detail.startswith(f"job {batch.job_id}:")
    assert "xyz" in failed.error_detail
    assert Holding.objects.get(pk=holding.pk).status == Holding.Status.SCANNING

    DigitisationJob.objects.filter(pk=batch.job_id).update(languages="ind+eng")  # fixed
    job_retry(job=DigitisationJob.objects.get(pk=batch.job_id))  # what `pustaka retry` does
    done = _wait(task.pk, "done")
    assert (done.error_code, done.error_id) == ("", "")
    assert done.finished_at is not None
    assert DigitisationJob.objects.get(pk=batch.job_id).softcopy_id is not None
    assert Holding.objects.get(pk=holding.pk).status == Holding.Status.AVAILABLE
