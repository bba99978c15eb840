"""A scan task follows its digitisation job: failed with it, done when a retry completes."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from catalogue.models import DigitisationJob, Holding, JobPage, Publication
from common import tasknames
from scanning.models import ScanBatch, ScanRequest
from scanning.services.batches import BatchSpec, batch_open
from scanning.services.requests import (
    scan_job_finished,
    scan_page_settled,
    scan_request_create_digitise,
    scan_request_create_scan_to_email,
    scan_request_release,
)
from scanning.services.stations import NewStation

pytestmark = pytest.mark.django_db
Job = DigitisationJob
FAILED_JOB = {
    "state": "failed",
    "error_code": "ocr_language_missing",
    "error_id": "halaman-0002.png (halaman/page 1): Bahasa OCR belum terpasang.",
    "error_en": "halaman-0002.png (halaman/page 1): The OCR language is not installed.",
    "error_detail": "xyz",
}


def _batch(station: NewStation, task: ScanRequest) -> ScanBatch:
    spec = BatchSpec(client_batch_id=str(uuid.uuid4()), scan_task_id=task.pk)
    return batch_open(station=station.station, spec=spec).batch


def test_failed_job_fails_the_task_with_its_bilingual_error(
    publication: Publication, station: NewStation
) -> None:
    task = scan_request_create_scan_to_email(publication=publication, email="a@example.org")
    batch = _batch(station, task)
    Job.objects.filter(pk=batch.job_id).update(**FAILED_JOB)
    scan_job_finished(job_id=batch.job_id)
    task.refresh_from_db()
    assert task.state == "failed"
    assert (task.error_code, task.error_id, task.error_en) == (
        FAILED_JOB["error_code"], FAILED_JOB["error_id"], FAILED_JOB["error_en"]
    )  # fmt: skip
    assert task.error_detail == f"job {batch.job_id}: xyz"
    assert task.finished_at is None  # no PDF yet: the job can still be retried


def test_retried_job_that_completes_turns_the_failed_task_done_and_sends_it(
    publication: Publication,
    station: NewStation,
    sent_tasks: list,
    django_capture_on_commit_callbacks,
    settings,
) -> None:
    settings.SCAN_DELIVERY_QUEUE = "mail"
    task = scan_request_create_scan_to_email(publication=publication, email="a@example.org")
    batch = _batch(station, task)
    Job.objects.filter(pk=batch.job_id).update(**FAILED_JOB)
    scan_job_finished(job_id=batch.job_id)
    Job.objects.filter(pk=batch.job_id).update(state="processing")  # staff retried it
    scan_job_finished(job_id=batch.job_id)
    assert ScanRequest.objects.get(pk=task.pk).state == "failed"  # still waiting on the retry
    Job.objects.filter(pk=batch.job_id).update(state="done", error_code="")
    with django_capture_on_commit_callbacks(execute=True):
        scan_job_finished(job_id=batch.job_id)
        scan_job_finished(job_id=batch.job_id)  # an assembly that ran twice
    task.refresh_from_db()
    assert (task.state, task.error_code, task.error_id) == ("done", "", "")
    assert task.finished_at is not None
    assert [s for s in sent_tasks if s[0] == tasknames.DELIVER_SCAN] == [
        (tasknames.DELIVER_SCAN, [task.pk], "mail")
    ]


def test_a_job_failing_again_brings_its_new_error(holding: Holding, station: NewStation) -> None:
    task = scan_request_create_digitise(holding=holding)
    batch = _batch(station, task)
    Job.objects.filter(pk=batch.job_id).update(**FAILED_JOB)
    scan_job_finished(job_id=batch.job_id)
    Job.objects.filter(pk=batch.job_id).update(error_code="page_timeout", error_detail="slow")
    scan_job_finished(job_id=batch.job_id)
    task.refresh_from_db()
    assert (task.state, task.error_code, task.error_detail) == (
        "failed", "page_timeout", f"job {batch.job_id}: slow"
    )  # fmt: skip
    assert Holding.objects.get(pk=holding.pk).status == Holding.Status.SCANNING


def test_a_failed_delivery_is_not_sent_again_by_a_late_assembly_call(
    publication: Publication, station: NewStation, sent_tasks: list
) -> None:
    task = scan_request_create_scan_to_email(publication=publication, email="a@example.org")
    batch = _batch(station, task)
    Job.objects.filter(pk=batch.job_id).update(state="done")
    ScanRequest.objects.filter(pk=task.pk).update(
        state="failed", finished_at=timezone.now(), error_code="delivery_failed"
    )
    scan_job_finished(job_id=batch.job_id)
    assert ScanRequest.objects.get(pk=task.pk).state == "failed"
    assert sent_tasks == []


def test_only_the_latest_batch_job_moves_the_task(holding: Holding, station: NewStation) -> None:
    task = scan_request_create_digitise(holding=holding)
    old = _batch(station, task)
    scan_request_release(task=task)  # the station broke down; a second station starts again
    new = _batch(station, task)
    Job.objects.filter(pk=old.job_id).update(**FAILED_JOB)
    scan_job_finished(job_id=old.job_id)
    assert ScanRequest.objects.get(pk=task.pk).state == "scanning"
    Job.objects.filter(pk=new.job_id).update(**FAILED_JOB)
    scan_job_finished(job_id=new.job_id)
    assert ScanRequest.objects.get(pk=task.pk).state == "failed"


def test_page_settled_finds_the_job_of_the_page(holding: Holding, station: NewStation) -> None:
    from catalogue.models import JobInput

    task = scan_request_create_digitise(holding=holding)
    batch = _batch(station, task)
    job_input = JobInput.objects.create(
        job_id=batch.job_id, position=1, kind="image", filename="h.png", stored_name="x", sha256="0"
    )
    page = JobPage.objects.create(job_id=batch.job_id, input=job_input, index=1, kind="image")
    Job.objects.filter(pk=batch.job_id).update(**FAILED_JOB)
    scan_page_settled(page_id=page.pk)
    assert ScanRequest.objects.get(pk=task.pk).state == "failed"
    scan_page_settled(page_id=page.pk + 1000)  # a page gone meanwhile: nothing to follow


def test_staff_queue_shows_the_job_error_and_how_to_retry_not_resend(
    client: Client, publication: Publication, station: NewStation
) -> None:
    user = User.objects.create_user("pustakawan", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_scanrequest", "change_scanrequest"])
    )
    client.force_login(user)
    task = scan_request_create_scan_to_email(publication=publication, email="a@example.org")
    batch = _batch(station, task)
    Job.objects.filter(pk=batch.job_id).update(**FAILED_JOB)
    scan_job_finished(job_id=batch.job_id)
    page = client.get("/staf/pindai/").content.decode()
    assert FAILED_JOB["error_id"] in page
    assert f"pustaka retry {batch.job_id}" in page
    assert f"/staf/pindai/{task.pk}/kirim-ulang/" not in page  # nothing to send yet
    english = client.get("/en/staf/pindai/").content.decode()
    assert FAILED_JOB["error_en"] in english
    assert f"Retry job #{batch.job_id}" in english
