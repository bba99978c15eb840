"""Services of the scanning app on the test database (the broker is only recorded here)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from catalogue.models import DigitisationJob, Holding, JobInput, Publication
from common import tasknames
from scanning.errors import (
    BadRequestError,
    BadTokenError,
    BatchClosedError,
    ChecksumMismatchError,
    InvalidEmailError,
    PageConflictError,
    PageRangeError,
    PagesMissingError,
    ScanningError,
    ScanRequestTakenError,
    StationNameError,
)
from scanning.models import ScanRequest
from scanning.services.batches import BatchSpec, batch_close, batch_open, batch_page_store
from scanning.services.requests import (
    scan_job_finished,
    scan_request_claim,
    scan_request_create_digitise,
    scan_request_create_scan_to_email,
)
from scanning.services.retention import scan_requests_purge
from scanning.services.stations import (
    NewStation,
    station_add,
    station_authenticate,
    station_revoke,
)
from tests.scanning.scan_support import png_bytes, sha

pytestmark = pytest.mark.django_db


def _page(tmp_path: Path, shade: int) -> tuple[Path, str]:
    data = png_bytes(shade)
    path = tmp_path / f"p{shade}.png"
    path.write_bytes(data)
    return path, sha(data)


def test_token_is_stored_only_as_hash_and_stops_working_when_revoked(station: NewStation) -> None:
    assert station.token not in station.station.token_hash
    assert len(station.token) >= 43  # 32 random bytes, URL-safe
    assert station_authenticate(token=station.token).pk == station.station.pk
    with pytest.raises(BadTokenError):
        station_authenticate(token=station.token + "x")
    with pytest.raises(BadTokenError):
        station_authenticate(token="")
    station_revoke(name="Pemindai Lantai 1")
    with pytest.raises(BadTokenError) as caught:
        station_authenticate(token=station.token)
    assert caught.value.http_status == 401


def test_station_names_are_unique(station: NewStation) -> None:
    with pytest.raises(StationNameError):
        station_add(name="Pemindai Lantai 1")
    with pytest.raises(StationNameError):
        station_add(name="  ")


@pytest.mark.parametrize(
    ("text", "clean"),
    [("", ""), (" 1-5, 9 ", "1-5, 9"), ("3-3", "3"), ("4-10,2", "2, 4-10"), ("1–5", "1-5")],
)
def test_scan_requests_keep_pages_in_the_one_written_format(
    holding: Holding, text: str, clean: str
) -> None:
    assert scan_request_create_digitise(holding=holding, pages=text).pages == clean


@pytest.mark.parametrize("text", ["0", "5-2", "a-b", "1-", "1,,2", "1-99999", "1-5, 3"])
def test_bad_page_ranges_are_refused_in_both_languages(holding: Holding, text: str) -> None:
    with pytest.raises(PageRangeError) as caught:
        scan_request_create_digitise(holding=holding, pages=text)
    assert isinstance(caught.value, ScanningError)
    assert caught.value.code == "page_range_invalid"
    assert "Kosong = semua halaman" in caught.value.message_id
    assert "Empty = every page" in caught.value.message_en


def test_digitise_task_marks_the_copy_as_being_scanned(holding: Holding) -> None:
    task = scan_request_create_digitise(holding=holding, pages="1-3")
    holding.refresh_from_db()
    assert holding.status == Holding.Status.SCANNING
    assert (task.kind, task.state, task.pages) == ("digitise", "pending", "1-3")


def test_scan_to_email_checks_the_address(publication: Publication) -> None:
    with pytest.raises(InvalidEmailError):
        scan_request_create_scan_to_email(publication=publication, email="bukan-surel")
    task = scan_request_create_scan_to_email(publication=publication, email="siti@example.org")
    assert task.requester_email == "siti@example.org"


def test_claim_is_exclusive_and_repeatable(publication: Publication, station: NewStation) -> None:
    other = station_add(name="Pemindai 2").station
    task = scan_request_create_scan_to_email(publication=publication, email="a@example.org")
    assert (
        scan_request_claim(task_id=task.pk, station=station.station).claimed_by == station.station
    )
    assert scan_request_claim(task_id=task.pk, station=station.station).state == "claimed"
    with pytest.raises(ScanRequestTakenError):
        scan_request_claim(task_id=task.pk, station=other)


def _spec(**kwargs: object) -> BatchSpec:
    fields: dict = {"source": "adf", **kwargs}
    return BatchSpec(client_batch_id=str(uuid.uuid4()), **fields)


def test_batch_open_is_idempotent_and_validated(station: NewStation, sent_tasks: list) -> None:
    spec = _spec(title="Uji")
    first = batch_open(station=station.station, spec=spec)
    again = batch_open(station=station.station, spec=spec)
    assert first.created
    assert not again.created
    assert first.batch.pk == again.batch.pk
    assert DigitisationJob.objects.count() == 1
    assert first.batch.job.source == DigitisationJob.Source.SCANNER
    with pytest.raises(BadRequestError):
        batch_open(station=station.station, spec=BatchSpec(client_batch_id="not-a-uuid"))
    with pytest.raises(BadRequestError):
        batch_open(station=station.station, spec=_spec(source="feeder"))


def test_pages_arriving_out_of_order_take_their_number_as_position(
    station: NewStation, sent_tasks: list, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    batch = batch_open(station=station.station, spec=_spec(title="Acak")).batch
    for number in (3, 1, 4, 2):
        path, digest = _page(tmp_path, 10 * number)
        with django_capture_on_commit_callbacks(execute=True):
            stored = batch_page_store(
                batch=batch, number=number, path=path, sha256=digest, kind="png"
            )
        assert stored.created
    inputs = JobInput.objects.filter(job=batch.job).order_by("position")
    assert [i.position for i in inputs] == [1, 2, 3, 4]
    assert [i.filename for i in inputs] == [f"halaman-000{n}.png" for n in (1, 2, 3, 4)]
    assert [name for name, _, _ in sent_tasks].count(tasknames.EXPAND_INPUT) == 4


def test_page_store_duplicate_conflict_mismatch_and_closed(
    station: NewStation, sent_tasks: list, tmp_path: Path
) -> None:
    batch = batch_open(station=station.station, spec=_spec()).batch
    path, digest = _page(tmp_path, 200)
    assert batch_page_store(batch=batch, number=1, path=path, sha256=digest, kind="png").created
    again = batch_page_store(batch=batch, number=1, path=path, sha256=digest, kind="png")
    assert not again.created
    other, other_digest = _page(tmp_path, 100)
    with pytest.raises(PageConflictError):
        batch_page_store(batch=batch, number=1, path=other, sha256=other_digest, kind="png")
    with pytest.raises(ChecksumMismatchError):
        batch_page_store(batch=batch, number=2, path=other, sha256=digest, kind="png")
    assert JobInput.objects.filter(job=batch.job).count() == 1
    batch_close(batch=batch, page_count=1)
    with pytest.raises(BatchClosedError):
        batch_page_store(batch=batch, number=2, path=other, sha256=other_digest, kind="png")


def test_close_lists_missing_pages_then_closes_the_job_once(
    station: NewStation, sent_tasks: list, tmp_path: Path
) -> None:
    batch = batch_open(station=station.station, spec=_spec()).batch
    for number in (1, 3):
        path, digest = _page(tmp_path, number)
        batch_page_store(batch=batch, number=number, path=path, sha256=digest, kind="png")
    with pytest.raises(PagesMissingError) as caught:
        batch_close(batch=batch, page_count=5)
    assert caught.value.missing == [2, 4, 5]
    assert caught.value.user_message()["missing"] == [2, 4, 5]
    path, digest = _page(tmp_path, 2)
    batch_page_store(batch=batch, number=2, path=path, sha256=digest, kind="png")
    closed = batch_close(batch=batch, page_count=3)
    assert closed.state == "closed"
    assert batch_close(batch=batch, page_count=3).closed_at == closed.closed_at
    with pytest.raises(BatchClosedError):
        batch_close(batch=batch, page_count=4)
    job = DigitisationJob.objects.get(pk=batch.job_id)
    assert job.is_closed
    assert job.state == "processing"


def test_finished_job_finishes_its_task_and_queues_delivery(
    publication: Publication,
    station: NewStation,
    sent_tasks: list,
    settings,
    django_capture_on_commit_callbacks,
) -> None:
    settings.SCAN_DELIVERY_QUEUE = "mail"
    task = scan_request_create_scan_to_email(publication=publication, email="a@example.org")
    batch = batch_open(station=station.station, spec=_spec(scan_task_id=task.pk)).batch
    task.refresh_from_db()
    assert task.state == "scanning"
    assert task.claimed_by == station.station
    assert batch.publication == publication  # taken from the task
    scan_job_finished(job_id=batch.job_id)  # job still open: nothing happens
    assert ScanRequest.objects.get(pk=task.pk).state == "scanning"
    DigitisationJob.objects.filter(pk=batch.job_id).update(state="done")
    with django_capture_on_commit_callbacks(execute=True):
        scan_job_finished(job_id=batch.job_id)
        scan_job_finished(job_id=batch.job_id)
    assert ScanRequest.objects.get(pk=task.pk).state == "done"
    assert [s for s in sent_tasks if s[0] == tasknames.DELIVER_SCAN] == [
        (tasknames.DELIVER_SCAN, [task.pk], "mail")
    ]


def test_failed_job_fails_the_task_and_frees_nothing(
    holding: Holding, station: NewStation, sent_tasks: list
) -> None:
    task = scan_request_create_digitise(holding=holding)
    batch = batch_open(station=station.station, spec=_spec(scan_task_id=task.pk)).batch
    DigitisationJob.objects.filter(pk=batch.job_id).update(
        state="failed", error_code="page_timeout", error_en="too long"
    )
    scan_job_finished(job_id=batch.job_id)
    task.refresh_from_db()
    assert task.state == "failed"
    assert task.error_code == "page_timeout"
    assert Holding.objects.get(pk=holding.pk).status == Holding.Status.SCANNING


def test_retention_wipes_old_requester_addresses_only(publication: Publication, settings) -> None:
    settings.VISITOR_RETENTION_DAYS = 30
    old = scan_request_create_scan_to_email(publication=publication, email="lama@example.org")
    new = scan_request_create_scan_to_email(publication=publication, email="baru@example.org")
    ScanRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert scan_requests_purge() == 1
    assert scan_requests_purge() == 0
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.requester_email == ""
    assert old.requester_purged_at is not None
    assert new.requester_email == "baru@example.org"


def test_beat_purge_task_also_wipes_scan_requests(publication: Publication, settings) -> None:
    from workers.tasks import purge_visitors

    settings.VISITOR_RETENTION_DAYS = 30
    old = scan_request_create_scan_to_email(publication=publication, email="lama@example.org")
    ScanRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    purge_visitors.apply().get()
    assert ScanRequest.objects.get(pk=old.pk).requester_email == ""
