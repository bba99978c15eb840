"""The reading room on printed copies (holdings): status, refusals, report counts, migration."""

from __future__ import annotations

import csv
import io
import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from catalogue.models import Holding, Publication
from catalogue.services.holdings import holding_create, holding_set_status
from tests.visitors.conftest import MORNING
from visitors.errors import (
    HoldingInReadingRoomError,
    HoldingMissingError,
    HoldingNotFoundError,
    HoldingUnavailableError,
    HoldingWithdrawnError,
    VisitorError,
    WrongStateError,
)
from visitors.models import AuditEntry, ReadingRecord
from visitors.selectors import (
    copies_on_shelf,
    reading_room_open,
    service_report,
    service_report_csv,
)
from visitors.services import reading_return, reading_start, visit_check_out

pytestmark = pytest.mark.django_db


def test_a_copy_is_in_the_reading_room_until_returned(submit, officer, officer2, copy) -> None:
    visit = submit()
    record = reading_start(visit=visit, barcode="PST-0001", officer=officer, now=MORNING)
    assert (record.started_at, record.started_by, record.holding, record.is_open) == (
        MORNING,
        officer,
        copy,
        True,
    )
    copy.refresh_from_db()
    assert (copy.status, copy.status_changed_at) == (Holding.Status.READING_ROOM, MORNING)
    assert [r.pk for r in reading_room_open()] == [record.pk]
    later = MORNING + timedelta(hours=1)
    back = reading_return(record=record, officer=officer2, now=later)
    assert (back.returned_at, back.returned_by, back.is_open) == (later, officer2, False)
    copy.refresh_from_db()
    assert (copy.status, copy.status_changed_at) == (Holding.Status.AVAILABLE, later)
    assert reading_room_open() == []
    start, ret = AuditEntry.objects.filter(object_type="readingrecord").order_by("at")
    assert (start.action, start.actor, start.object_id) == (
        "reading.start",
        officer,
        str(record.pk),
    )
    assert start.details == {
        "visit_id": visit.pk,
        "holding_id": copy.pk,
        "publication_id": copy.publication_id,
    }
    assert (ret.action, ret.actor) == ("reading.return", officer2)


@pytest.mark.parametrize(
    ("barcode", "error"),
    [
        ("", HoldingNotFoundError),
        ("TIDAK-ADA", HoldingNotFoundError),
        ("PST-W", HoldingWithdrawnError),
        ("PST-M", HoldingMissingError),
        ("PST-S", HoldingUnavailableError),
        ("PST-R", HoldingInReadingRoomError),
        ("PST-D", HoldingWithdrawnError),  # its publication was deleted from the catalogue
    ],
)
def test_a_copy_not_on_the_shelf_is_refused_with_a_clear_message(
    submit, officer, publication, barcode, error
) -> None:
    for code, status in [("PST-W", "withdrawn"), ("PST-M", "missing"), ("PST-S", "scanning")]:
        holding_create(publication=publication, barcode=code, status=status)
    reading_start(
        visit=submit(),
        barcode=holding_create(publication=publication, barcode="PST-R").barcode,
        officer=officer,
    )
    deleted = Publication.objects.create(title="Dihapus", deleted_at=timezone.now())
    Holding.objects.create(publication=deleted, barcode="PST-D")
    before = dict(Holding.objects.values_list("barcode", "status"))
    visit = submit()
    with pytest.raises(error) as caught:
        reading_start(visit=visit, barcode=barcode, officer=officer)
    assert type(caught.value) is error
    assert caught.value.message_id
    assert caught.value.message_en
    assert caught.value.message_id != VisitorError.message_id
    assert not ReadingRecord.objects.filter(visit=visit).exists()
    assert dict(Holding.objects.values_list("barcode", "status")) == before


def test_each_refusal_has_its_own_message() -> None:
    errors = [
        HoldingNotFoundError,
        HoldingUnavailableError,
        HoldingInReadingRoomError,
        HoldingWithdrawnError,
        HoldingMissingError,
    ]
    assert len({e.message_id for e in errors}) == len({e.message_en for e in errors}) == 5
    assert len({e.code for e in errors}) == 5


def test_returning_twice_and_reading_after_leaving_are_refused(submit, officer, copy):
    visit = submit()
    record = reading_start(visit=visit, barcode=copy.barcode, officer=officer)
    reading_return(record=record, officer=officer)
    with pytest.raises(WrongStateError):
        reading_return(record=record, officer=officer)
    visit_check_out(visit=visit, officer=officer)
    with pytest.raises(WrongStateError):
        reading_start(visit=visit, barcode=copy.barcode, officer=officer)
    copy.refresh_from_db()
    assert copy.status == Holding.Status.AVAILABLE


def test_a_copy_can_be_read_again_after_return_and_by_another_visitor(submit, officer, copy):
    first, second = submit(), submit()
    record = reading_start(visit=first, barcode=copy.barcode, officer=officer)
    reading_return(record=record, officer=officer)
    reading_start(visit=second, barcode=copy.barcode, officer=officer)
    reading_start(
        visit=first,
        barcode=holding_create(publication=copy.publication, barcode="B").barcode,
        officer=officer,
    )
    assert ReadingRecord.objects.filter(holding=copy).count() == 2
    assert copies_on_shelf([copy.publication]) == {copy.publication_id: []}


def test_return_leaves_a_status_the_librarian_set_meanwhile(submit, officer, copy) -> None:
    record = reading_start(visit=submit(), barcode=copy.barcode, officer=officer)
    holding_set_status(holding=Holding.objects.get(pk=copy.pk), status="missing")
    reading_return(record=record, officer=officer)
    copy.refresh_from_db()
    assert copy.status == Holding.Status.MISSING


def test_the_database_refuses_two_open_readings_of_one_copy(submit, officer, copy) -> None:
    reading_start(visit=submit(), barcode=copy.barcode, officer=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReadingRecord.objects.create(visit=submit(), holding=copy, started_at=MORNING)


def test_the_report_counts_copies_titles_and_visits_of_the_reading_room(
    submit, officer, publication, copy
) -> None:
    other = Publication.objects.create(title="Statistik Daerah 2025")
    second = holding_create(publication=publication, barcode="PST-0002")
    third = holding_create(publication=other, barcode="SD-0001")
    one, two = submit(now=MORNING), submit(now=MORNING + timedelta(minutes=1))
    submit(now=MORNING + timedelta(minutes=2))  # no reading
    back = reading_start(visit=one, barcode=copy.barcode, officer=officer)
    reading_return(record=back, officer=officer)
    reading_start(visit=one, barcode=copy.barcode, officer=officer)  # the same copy again
    reading_start(visit=one, barcode=third.barcode, officer=officer)
    reading_start(visit=two, barcode=second.barcode, officer=officer)
    tomorrow = submit(now=MORNING + timedelta(days=1))
    reading_start(
        visit=tomorrow,
        barcode=holding_create(publication=other, barcode="X").barcode,
        officer=officer,
    )
    report = service_report(start=date(2026, 3, 2), end=date(2026, 3, 2))
    assert (report.readings, report.reading_publications, report.reading_visits) == (4, 2, 2)
    month = service_report(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert (month.readings, month.reading_publications, month.reading_visits) == (5, 2, 3)
    rows = csv.reader(io.StringIO(service_report_csv(start=date(2026, 3, 2), end=date(2026, 3, 2))))
    summary = {code: value for section, code, _, value in rows if section == "ringkasan"}
    assert (summary["readings"], summary["reading_publications"], summary["reading_visits"]) == (
        "4",
        "2",
        "2",
    )


def _migrate(target: str) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("visitors", target)])


def _historical_record_model(target: str):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(("visitors", target)).apps.get_model(
        "visitors", "ReadingRecord"
    )


@pytest.mark.django_db(transaction=True)
def test_migration_moves_existing_readings_onto_copies(submit) -> None:
    a = Publication.objects.create(title="A")
    b = Publication.objects.create(title="B (tanpa eksemplar)")
    c = Publication.objects.create(title="C")
    a1 = holding_create(publication=a, barcode="A1")
    holding_create(publication=a, barcode="A2", status="withdrawn")
    c1 = holding_create(publication=c, barcode="C1")
    v1, v2 = submit(), submit()
    try:
        _migrate("0003_desk_permissions")
        Old = _historical_record_model("0003_desk_permissions")
        later = MORNING + timedelta(hours=1)
        rows = {
            "open_a": Old.objects.create(visit_id=v1.pk, publication_id=a.pk, started_at=MORNING),
            "closed_a": Old.objects.create(
                visit_id=v2.pk, publication_id=a.pk, started_at=MORNING, returned_at=later
            ),
            "open_b": Old.objects.create(visit_id=v1.pk, publication_id=b.pk, started_at=MORNING),
            "closed_c": Old.objects.create(
                visit_id=v1.pk, publication_id=c.pk, started_at=MORNING, returned_at=later
            ),
            "open_a_again": Old.objects.create(
                visit_id=v2.pk, publication_id=a.pk, started_at=MORNING
            ),
        }
        _migrate("0006_reading_holding_finish")
        moved = {key: ReadingRecord.objects.get(pk=row.pk).holding for key, row in rows.items()}
        assert moved["open_a"] == a1
        assert moved["closed_a"] == a1
        assert moved["closed_c"] == c1
        assert moved["open_b"].barcode == f"RB-MIGRASI-{rows['open_b'].pk}"
        assert moved["open_a_again"].barcode == f"RB-MIGRASI-{rows['open_a_again'].pk}"
        assert moved["open_a_again"].publication_id == a.pk
        statuses = dict(Holding.objects.values_list("barcode", "status"))
        assert statuses["A1"] == statuses[moved["open_b"].barcode] == "reading_room"
        assert (statuses["A2"], statuses["C1"]) == ("withdrawn", "available")
        _migrate("0003_desk_permissions")  # and back: each record names its publication
        Old = _historical_record_model("0003_desk_permissions")
        back = dict(Old.objects.values_list("pk", "publication_id"))
        assert back == {
            row.pk: pub.pk
            for row, pub in [
                (rows["open_a"], a),
                (rows["closed_a"], a),
                (rows["open_b"], b),
                (rows["closed_c"], c),
                (rows["open_a_again"], a),
            ]
        }
    finally:  # the newest schema again, whatever comes after 0006
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("visitors"))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_hand_outs_of_one_copy_give_it_once(submit, officer, copy) -> None:
    """Six desks scan the same barcode at once: one visitor gets it, five are told why not."""
    visits = [submit(now=MORNING + timedelta(seconds=s)) for s in range(6)]
    barrier = threading.Barrier(len(visits))
    outcome: dict[int, str] = {}

    def hand_out(visit) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            reading_start(visit=visit, barcode=copy.barcode, officer=officer)
            outcome[visit.pk] = "lent"
        except VisitorError as exc:
            outcome[visit.pk] = exc.code
        except Exception as exc:  # recorded so the test shows it
            outcome[visit.pk] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hand_out, args=(visit,)) for visit in visits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(outcome.values()) == {"lent": 1, "holding_in_reading_room": 5}, outcome
    assert ReadingRecord.objects.filter(holding=copy, returned_at__isnull=True).count() == 1
