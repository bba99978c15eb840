"""The frontline queue: start and finish service, check-out rules, the live queue, audit."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from visitors.errors import (
    IdCardNotReturnedError,
    LockerNotFreedError,
    ReadingNotReturnedError,
    WrongStateError,
)
from visitors.models import AuditEntry, Visit
from visitors.selectors import queue_waiting
from visitors.services import (
    locker_assign,
    locker_release,
    photocopy_done,
    photocopy_issue,
    reading_return,
    reading_start,
    visit_check_out,
    visit_finish_service,
    visit_start_service,
)

pytestmark = pytest.mark.django_db(transaction=True)
WIB = ZoneInfo("Asia/Jakarta")
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)


def _actions(visit: Visit) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="visit", object_id=str(visit.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def test_start_and_finish_record_times_officers_and_audit(submit, officer, officer2) -> None:
    visit = submit(now=MORNING)
    started = visit_start_service(visit=visit, officer=officer, now=MORNING + timedelta(minutes=3))
    assert started.state == Visit.State.IN_SERVICE
    assert started.service_started_at == MORNING + timedelta(minutes=3)
    assert started.service_started_by == officer
    done = visit_finish_service(visit=visit, officer=officer2, now=MORNING + timedelta(minutes=9))
    assert done.state == Visit.State.DONE
    assert (done.service_finished_at, done.service_finished_by) == (
        MORNING + timedelta(minutes=9),
        officer2,
    )
    start_entry, finish_entry = (
        AuditEntry.objects.filter(object_type="visit")
        .exclude(action="guestbook.submit")
        .order_by("at")
    )
    assert (start_entry.action, start_entry.actor) == ("visit.start_service", officer)
    assert start_entry.details == {"from": "waiting", "to": "in_service", "wait_seconds": 180.0}
    assert (finish_entry.action, finish_entry.actor) == ("visit.finish_service", officer2)
    assert finish_entry.details == {"from": "in_service", "to": "done"}


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        (["start"], "start"),  # a second officer presses "start" too
        ([], "finish"),  # finishing a visit never started
        (["start", "finish"], "finish"),
        (["start"], "check_out"),  # in service: finish first
        (["start", "finish", "check_out"], "check_out"),
        (["start", "finish", "check_out"], "start"),
    ],
)
def test_wrong_transitions_are_refused_in_both_languages(
    submit, officer, steps: list[str], refused: str
) -> None:
    actions = {
        "start": visit_start_service,
        "finish": visit_finish_service,
        "check_out": visit_check_out,
    }
    visit = submit(now=MORNING)
    for step in steps:
        actions[step](visit=visit, officer=officer, now=MORNING + timedelta(minutes=1))
    state_before = Visit.objects.get(pk=visit.pk).state
    audit_before = AuditEntry.objects.count()
    with pytest.raises(WrongStateError) as caught:
        actions[refused](visit=visit, officer=officer, now=MORNING + timedelta(minutes=2))
    assert caught.value.message_id
    assert caught.value.message_en
    assert caught.value.http_status == 409
    assert Visit.objects.get(pk=visit.pk).state == state_before
    assert AuditEntry.objects.count() == audit_before


def test_check_out_closes_a_served_visit(submit, officer) -> None:
    visit = submit(now=MORNING)
    visit_start_service(visit=visit, officer=officer, now=MORNING + timedelta(minutes=2))
    visit_finish_service(visit=visit, officer=officer, now=MORNING + timedelta(minutes=20))
    out = visit_check_out(visit=visit, officer=officer, now=MORNING + timedelta(minutes=50))
    assert out.state == Visit.State.LEFT
    assert (out.checked_out_at, out.checked_out_by) == (MORNING + timedelta(minutes=50), officer)
    entry = AuditEntry.objects.get(action="visit.check_out")
    assert entry.details == {"from": "done", "to": "left"}


def test_a_visitor_who_leaves_unserved_can_be_checked_out(submit, officer) -> None:
    visit = submit(now=MORNING)
    out = visit_check_out(visit=visit, officer=officer, now=MORNING + timedelta(minutes=30))
    assert out.state == Visit.State.LEFT
    assert out.service_started_at is None


def test_check_out_is_refused_while_the_id_card_is_held(submit, officer, lockers) -> None:
    visit = submit(now=MORNING)
    locker_assign(visit=visit, officer=officer, now=MORNING + timedelta(minutes=1))
    with pytest.raises(IdCardNotReturnedError) as caught:
        visit_check_out(visit=visit, officer=officer)
    assert "Kartu identitas" in caught.value.message_id
    assert "ID card" in caught.value.message_en
    assert Visit.objects.get(pk=visit.pk).state == Visit.State.WAITING
    locker_release(visit=visit, officer=officer)
    assert visit_check_out(visit=visit, officer=officer).state == Visit.State.LEFT


def test_check_out_is_refused_while_the_locker_is_not_freed(submit, officer, lockers) -> None:
    visit = submit(now=MORNING)
    locker_assign(visit=visit, officer=officer, now=MORNING + timedelta(minutes=1))
    # The ID card came back by hand but the locker was never freed in the system.
    Visit.objects.filter(pk=visit.pk).update(id_card_returned_at=MORNING + timedelta(minutes=5))
    with pytest.raises(LockerNotFreedError) as caught:
        visit_check_out(visit=visit, officer=officer)
    assert caught.value.message_id
    assert caught.value.message_en
    assert Visit.objects.get(pk=visit.pk).state == Visit.State.WAITING


def test_check_out_is_refused_while_a_copy_is_still_being_read(submit, officer, copy) -> None:
    visit = submit(now=MORNING)
    record = reading_start(visit=visit, barcode=copy.barcode, officer=officer)
    with pytest.raises(ReadingNotReturnedError) as caught:
        visit_check_out(visit=visit, officer=officer)
    assert caught.value.message_id
    assert caught.value.message_en
    reading_return(record=record, officer=officer)
    assert visit_check_out(visit=visit, officer=officer).state == Visit.State.LEFT


def test_a_whole_visit_leaves_an_audit_trail_of_every_step(
    submit, officer, lockers, publication, copy
) -> None:
    visit = submit(now=MORNING)
    t = MORNING
    locker_assign(visit=visit, officer=officer, now=t + timedelta(minutes=1))
    visit_start_service(visit=visit, officer=officer, now=t + timedelta(minutes=2))
    record = reading_start(
        visit=visit, barcode=copy.barcode, officer=officer, now=t + timedelta(minutes=3)
    )
    form = photocopy_issue(
        visit=visit,
        publication=publication,
        pages="1-3",
        officer=officer,
        now=t + timedelta(minutes=4),
    )
    visit_finish_service(visit=visit, officer=officer, now=t + timedelta(minutes=5))
    reading_return(record=record, officer=officer, now=t + timedelta(minutes=30))
    photocopy_done(request=form, officer=officer, now=t + timedelta(minutes=31))
    locker_release(visit=visit, officer=officer, now=t + timedelta(minutes=32))
    visit_check_out(visit=visit, officer=officer, now=t + timedelta(minutes=33))
    assert _actions(visit) == [
        "guestbook.submit",
        "locker.assign",
        "visit.start_service",
        "visit.finish_service",
        "locker.release",
        "visit.check_out",
    ]
    others = list(
        AuditEntry.objects.exclude(object_type="visit")
        .order_by("at")
        .values_list("object_type", "action")
    )
    assert others == [
        ("readingrecord", "reading.start"),
        ("photocopyrequest", "photocopy.issue"),
        ("readingrecord", "reading.return"),
        ("photocopyrequest", "photocopy.done"),
    ]
    assert set(
        AuditEntry.objects.exclude(action="guestbook.submit").values_list("actor", flat=True)
    ) == {officer.pk}


def test_queue_shows_todays_waiting_visits_in_order_with_levels(submit, officer) -> None:
    now = MORNING + timedelta(hours=2)
    waits = [400, 300, 299, 240, 239, 10]  # seconds since the guestbook entry
    visits = [submit(now=now - timedelta(seconds=s)) for s in waits]
    served = submit(now=now - timedelta(seconds=100))
    visit_start_service(visit=served, officer=officer, now=now)
    submit(now=now - timedelta(days=1))  # yesterday's, never served: not in today's queue
    entries = queue_waiting(now=now)
    assert [e.visit.pk for e in entries] == [v.pk for v in visits]
    assert [e.waited_seconds for e in entries] == waits
    assert [e.level for e in entries] == ["red", "red", "amber", "amber", "ok", "ok"]


def test_queue_levels_follow_the_settings(submit, settings) -> None:
    settings.SERVICE_LEVEL_SECONDS = 600
    settings.QUEUE_AMBER_SECONDS = 480
    now = MORNING + timedelta(hours=1)
    for seconds in (610, 500, 320):
        submit(now=now - timedelta(seconds=seconds))
    assert [e.level for e in queue_waiting(now=now)] == ["red", "amber", "ok"]
