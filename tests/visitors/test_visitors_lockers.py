"""Lockers with ID custody: assignment, release, the unique index, concurrency on SQLite."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, connections, transaction

from visitors.errors import (
    LockerAlreadyHeldError,
    LockerInactiveError,
    LockerTakenError,
    NoFreeLockerError,
    NothingHeldError,
    VisitorError,
    WrongStateError,
)
from visitors.models import AuditEntry, Locker, Visit
from visitors.selectors import closing_time_open_items, lockers_board, lockers_free
from visitors.services import locker_assign, locker_release, visit_check_out
from visitors.services import lockers as locker_services

pytestmark = pytest.mark.django_db(transaction=True)
WIB = ZoneInfo("Asia/Jakarta")
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)


def test_assign_gives_the_lowest_free_active_locker_and_takes_the_id_card(
    submit, officer, lockers
) -> None:
    Locker.objects.filter(number=1).update(active=False)
    first, second, third = (submit(now=MORNING + timedelta(minutes=m)) for m in range(3))
    at = MORNING + timedelta(minutes=5)
    assert locker_assign(visit=first, officer=officer, now=at).number == 2
    assert locker_assign(visit=second, officer=officer, now=at).number == 3
    first = Visit.objects.get(pk=first.pk)
    assert (first.id_card_received_at, first.id_card_received_by) == (at, officer)
    assert (first.locker.number, first.locker_assigned_at) == (2, at)
    assert first.holds_id_card
    assert first.holds_locker
    locker_release(visit=first, officer=officer)
    assert locker_assign(visit=third, officer=officer).number == 2  # freed, lowest again
    entry = AuditEntry.objects.filter(action="locker.assign").order_by("id").first()
    assert entry is not None
    assert (entry.actor, entry.object_id) == (officer, str(first.pk))
    assert entry.details == {"locker_id": lockers[1].pk, "locker_number": 2, "id_card": "received"}


def test_a_named_locker_is_given_when_free(submit, officer, lockers) -> None:
    visit = submit()
    assert locker_assign(visit=visit, officer=officer, locker=lockers[3]).number == 4
    assert Visit.objects.get(pk=visit.pk).locker_id == lockers[3].pk


def test_a_locker_already_taken_is_refused(submit, officer, lockers) -> None:
    holder, other = submit(), submit()
    locker_assign(visit=holder, officer=officer, locker=lockers[0])
    with pytest.raises(LockerTakenError) as caught:
        locker_assign(visit=other, officer=officer, locker=lockers[0])
    assert "Loker" in caught.value.message_id
    assert "locker" in caught.value.message_en
    assert caught.value.http_status == 409
    other = Visit.objects.get(pk=other.pk)
    assert other.locker_id is None
    assert other.id_card_received_at is None  # nothing half-done
    assert Visit.objects.get(pk=holder.pk).locker_id == lockers[0].pk


def test_an_inactive_locker_is_refused(submit, officer, lockers) -> None:
    Locker.objects.filter(pk=lockers[2].pk).update(active=False)
    with pytest.raises(LockerInactiveError) as caught:
        locker_assign(visit=submit(), officer=officer, locker=lockers[2])
    assert caught.value.message_id
    assert caught.value.message_en


def test_no_free_locker_is_refused_in_both_languages(submit, officer, lockers) -> None:
    for _ in lockers:
        locker_assign(visit=submit(), officer=officer)
    late = submit()
    with pytest.raises(NoFreeLockerError) as caught:
        locker_assign(visit=late, officer=officer)
    assert caught.value.message_id
    assert caught.value.message_en
    assert Visit.objects.get(pk=late.pk).id_card_received_at is None


def test_a_visit_holding_a_locker_cannot_take_a_second_one(submit, officer, lockers) -> None:
    visit = submit()
    locker_assign(visit=visit, officer=officer)
    with pytest.raises(LockerAlreadyHeldError):
        locker_assign(visit=visit, officer=officer)
    assert lockers_free().count() == len(lockers) - 1


def test_a_visit_that_has_left_gets_no_locker(submit, officer, lockers) -> None:
    visit = submit()
    visit_check_out(visit=visit, officer=officer)
    with pytest.raises(WrongStateError):
        locker_assign(visit=visit, officer=officer)


def test_release_returns_the_id_card_and_frees_the_locker(submit, officer, officer2, lockers):
    visit = submit()
    locker_assign(visit=visit, officer=officer, locker=lockers[1], now=MORNING)
    at = MORNING + timedelta(hours=1)
    released = locker_release(visit=visit, officer=officer2, now=at)
    assert (released.id_card_returned_at, released.id_card_returned_by) == (at, officer2)
    assert released.locker_released_at == at
    assert released.locker_id == lockers[1].pk  # the history keeps which locker it was
    assert not released.holds_id_card
    assert not released.holds_locker
    assert lockers[1].pk in set(lockers_free().values_list("pk", flat=True))
    entry = AuditEntry.objects.get(action="locker.release")
    assert entry.actor == officer2
    assert entry.details == {"id_card": "returned", "locker_id": lockers[1].pk, "locker_number": 2}
    with pytest.raises(NothingHeldError) as caught:
        locker_release(visit=visit, officer=officer)
    assert caught.value.message_id
    assert caught.value.message_en


def test_the_database_itself_refuses_a_second_holder(submit, officer, lockers) -> None:
    holder, other = submit(), submit()
    locker_assign(visit=holder, officer=officer, locker=lockers[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.filter(pk=other.pk).update(locker=lockers[0])
    # Once released, the locker may be held again.
    locker_release(visit=holder, officer=officer)
    Visit.objects.filter(pk=other.pk).update(locker=lockers[0])


def test_a_pick_that_lost_the_race_moves_on_to_the_next_free_locker(
    submit, officer, lockers, monkeypatch
) -> None:
    """Replay the race: the candidate list is stale and offers a locker just taken."""
    holder, visit = submit(), submit()
    locker_assign(visit=holder, officer=officer, locker=lockers[0])
    stale = Locker.objects.filter(active=True).order_by("number")  # still lists locker 1
    monkeypatch.setattr(locker_services, "_candidates", lambda: stale)
    assert locker_assign(visit=visit, officer=officer).number == 2
    assert Visit.objects.get(pk=holder.pk).locker_id == lockers[0].pk
    assert Visit.objects.filter(locker=lockers[0], locker_released_at__isnull=True).count() == 1


def _race(visits: list[Visit], officer, locker: Locker | None = None) -> dict[int, object]:
    """Assign lockers to all visits at once, one thread each; visit id → locker number or error."""
    barrier = threading.Barrier(len(visits))
    outcome: dict[int, object] = {}

    def assign(visit: Visit) -> None:
        try:
            barrier.wait()
            outcome[visit.pk] = locker_assign(visit=visit, officer=officer, locker=locker).number
        except VisitorError as exc:
            outcome[visit.pk] = exc.code
        except Exception as exc:  # recorded so the test shows it
            outcome[visit.pk] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=assign, args=(visit,)) for visit in visits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def _holders() -> Counter[int]:
    return Counter(
        Visit.objects.filter(locker__isnull=False, locker_released_at__isnull=True).values_list(
            "locker__number", flat=True
        )
    )


def test_simultaneous_assignments_on_sqlite_never_give_one_locker_twice(
    submit, officer, lockers
) -> None:
    assert connection.vendor == "sqlite"
    visits = [submit(now=MORNING + timedelta(seconds=s)) for s in range(12)]
    outcome = _race(visits, officer)
    numbers = [value for value in outcome.values() if isinstance(value, int)]
    assert sorted(numbers) == [1, 2, 3, 4, 5], outcome
    assert Counter(v for v in outcome.values() if not isinstance(v, int)) == {"no_free_locker": 7}
    assert _holders() == Counter({1: 1, 2: 1, 3: 1, 4: 1, 5: 1})


def test_simultaneous_requests_for_one_named_locker_on_sqlite_give_it_once(
    submit, officer, lockers
) -> None:
    visits = [submit(now=MORNING + timedelta(seconds=s)) for s in range(8)]
    outcome = _race(visits, officer, locker=lockers[2])
    assert Counter(outcome.values()) == {3: 1, "locker_taken": 7}, outcome
    assert _holders() == Counter({3: 1})


def test_locker_board_and_closing_time_list(submit, officer, lockers) -> None:
    Locker.objects.filter(number=5).update(active=False)
    holding, returned, waiting = submit(), submit(), submit()
    locker_assign(visit=holding, officer=officer, locker=lockers[1])
    locker_assign(visit=returned, officer=officer, locker=lockers[0])
    locker_release(visit=returned, officer=officer)
    visit_check_out(visit=returned, officer=officer)
    board = lockers_board()
    assert [slot.locker.number for slot in board] == [1, 2, 3, 4, 5]
    assert [slot.visit.pk if slot.visit else None for slot in board] == [
        None,
        holding.pk,
        None,
        None,
        None,
    ]
    assert [slot.free for slot in board] == [True, False, True, True, False]
    closing = closing_time_open_items()
    assert [v.pk for v in closing.lockers_in_use] == [holding.pk]
    assert [v.pk for v in closing.id_cards_held] == [holding.pk]
    assert [v.pk for v in closing.visits_open] == [holding.pk, waiting.pk]
    assert not closing.all_settled
    locker_release(visit=holding, officer=officer)
    for visit in (holding, waiting):
        visit_check_out(visit=visit, officer=officer)
    assert closing_time_open_items().all_settled
