"""Scan-to-email through a real SMTP server (aiosmtpd) and a real Celery worker."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from django.core.files.storage import default_storage

from catalogue.models import DigitisationJob, Publication, Softcopy
from catalogue.services.publications import publication_create
from catalogue.storage import store_content_addressed
from scanning.models import ScanRequest
from scanning.services.batches import BatchSpec, batch_open
from scanning.services.delivery import download_request_id, scan_request_deliver
from scanning.services.requests import scan_job_finished, scan_request_create_scan_to_email
from scanning.services.stations import station_add
from tests.scanning.smtp_support import REFUSED, Mailbox, mail_worker, smtp_server

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
QUEUE = f"mail-{uuid.uuid4().hex[:8]}"


@pytest.fixture(autouse=True)
def _storage() -> None:
    """Overrides the folder's fixture: the worker must read the same (default) storage."""


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[Mailbox, int]]:
    yield from smtp_server()


@pytest.fixture(scope="module")
def worker(smtp: tuple[Mailbox, int], django_db_setup: None, django_db_blocker) -> Iterator[str]:
    with django_db_blocker.unblock():
        yield from mail_worker(f"mail-{uuid.uuid4().hex[:8]}@pytest", QUEUE, smtp[1])


@pytest.fixture
def mailbox(smtp: tuple[Mailbox, int]) -> Mailbox:
    smtp[0].messages.clear()
    smtp[0].busy_first = smtp[0].refused_data = 0
    return smtp[0]


def _scanned(tmp_path: Path, email: str) -> tuple[ScanRequest, bytes]:
    """A scan-to-email task whose batch's job has just finished with a 2-page PDF."""
    publication: Publication = publication_create(title="Kota Pariaman Dalam Angka 2024")
    task = scan_request_create_scan_to_email(publication=publication, email=email, pages="3-4")
    station = station_add(name=f"mail-{uuid.uuid4().hex[:6]}").station
    batch = batch_open(
        station=station, spec=BatchSpec(client_batch_id=str(uuid.uuid4()), scan_task_id=task.pk)
    ).batch
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    pdf.save(tmp_path / "out.pdf")
    name, sha256, size = store_content_addressed(
        tmp_path / "out.pdf", prefix="softcopies", suffix=".pdf"
    )
    softcopy = Softcopy.objects.create(
        publication=publication, title=publication.title, file=name, origin="scanned",
        page_count=2, size_bytes=size, sha256=sha256,
    )  # fmt: skip
    DigitisationJob.objects.filter(pk=batch.job_id).update(state="done", softcopy=softcopy)
    return task, (tmp_path / "out.pdf").read_bytes()


def _wait(task_id: int, states: set[str], timeout: float = 60) -> ScanRequest:
    deadline = time.monotonic() + timeout
    while True:
        task = ScanRequest.objects.get(pk=task_id)
        if task.state in states:
            return task
        assert time.monotonic() < deadline, f"task {task_id} still {task.state}"
        time.sleep(0.2)


def test_finished_scan_is_emailed_with_the_pdf_attached(
    worker: str, mailbox: Mailbox, tmp_path: Path, settings
) -> None:
    settings.SCAN_DELIVERY_QUEUE = QUEUE
    task, pdf = _scanned(tmp_path, "siti@example.org")
    scan_job_finished(job_id=task.batches.get().job_id)  # what the worker does after assembly
    done = _wait(task.pk, {"delivered", "failed"})
    assert done.state == "delivered", (done.error_en, done.error_detail)
    assert (done.delivered_as, done.delivery_attempts) == ("attachment", 1)
    [message] = mailbox.messages
    assert message["To"] == "siti@example.org"
    assert "Hasil pindai" in message["Subject"]
    assert "Scanned document" in message["Subject"]
    parts = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    assert len(parts) == 1
    assert parts[0].get_payload(decode=True) == pdf
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    text = body.get_payload(decode=True).decode()
    assert "terlampir" in text
    assert "attached" in text
    assert "3-4" in text


def test_a_busy_mail_server_is_retried(
    worker: str, mailbox: Mailbox, tmp_path: Path, settings
) -> None:
    settings.SCAN_DELIVERY_QUEUE = QUEUE
    mailbox.busy_first = 1
    task, _ = _scanned(tmp_path, "budi@example.org")
    scan_job_finished(job_id=task.batches.get().job_id)
    done = _wait(task.pk, {"delivered", "failed"})
    assert done.state == "delivered"
    assert done.delivery_attempts == 2
    assert mailbox.refused_data == 1
    assert len(mailbox.messages) == 1


def test_a_refused_address_fails_visibly_without_retrying(
    worker: str, mailbox: Mailbox, tmp_path: Path, settings
) -> None:
    settings.SCAN_DELIVERY_QUEUE = QUEUE
    task, _ = _scanned(tmp_path, REFUSED)
    scan_job_finished(job_id=task.batches.get().job_id)
    failed = _wait(task.pk, {"delivered", "failed"})
    assert failed.state == "failed"
    assert failed.error_code == "delivery_failed"
    assert "550" in failed.error_detail
    assert failed.delivery_attempts == 1
    assert mailbox.messages == []


def test_a_large_pdf_goes_as_a_signed_link(
    smtp: tuple[Mailbox, int], mailbox: Mailbox, tmp_path: Path, settings, client
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SCAN_EMAIL_MAX_ATTACHMENT_BYTES = 100
    settings.PUBLIC_BASE_URL = "https://pst.example"
    task, pdf = _scanned(tmp_path, "ani@example.org")
    ScanRequest.objects.filter(pk=task.pk).update(state="done")
    delivered = scan_request_deliver(task_id=task.pk)
    assert delivered.delivered_as == "link"
    [message] = mailbox.messages
    assert not [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    text = message.get_payload(decode=True).decode()
    link = next(w for w in text.split() if w.startswith("https://pst.example/"))
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert download_request_id(token) == task.pk
    response = client.get(link.removeprefix("https://pst.example"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    resumed = client.get(link.removeprefix("https://pst.example"), HTTP_RANGE="bytes=50-")
    assert resumed.status_code == 206  # a download cut on a slow line goes on
    assert b"".join(resumed.streaming_content) == pdf[50:]
    assert (
        client.get(link.removeprefix("https://pst.example").replace(token, token + "x")).status_code
        == 404
    )
    assert scan_request_deliver(task_id=task.pk).delivery_attempts == 1  # never sent twice
    assert default_storage.exists(Softcopy.objects.get().file.name)
