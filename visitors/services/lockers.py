"""Lockers with ID custody: the visitor's ID card is taken in exchange for a locker.

Atomic on PostgreSQL and SQLite alike. The guarantee is a partial unique index on
``Visit.locker`` among visits that have not released it (``visitors_locker_held_by_one_visit``):
the database itself refuses a second holder. On top of it, candidate lockers are row-locked
with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL) so concurrent officers normally pick
different lockers, and a pick that still loses the race (``IntegrityError`` inside a
savepoint) moves on to the next free locker. SQLite serialises writers
(``BEGIN IMMEDIATE``), so the same code path is simply never contended there.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from visitors.errors import (
    LockerAlreadyHeldError,
    LockerInactiveError,
    LockerTakenError,
    NoFreeLockerError,
    NothingHeldError,
)
from visitors.models import Locker, Visit
from visitors.models.choices import AuditAction
from visitors.selectors.lockers import lockers_free
from visitors.services.common import Officer, audit_record, lock_visit, not_left


def locker_assign(
    *,
    visit: Visit,
    officer: Officer,
    locker: Locker | None = None,
    now: datetime | None = None,
) -> Locker:
    """Record the ID card as received and give the visit a locker (the lowest free one).

    Raises ``LockerTakenError`` / ``LockerInactiveError`` for a named locker,
    ``NoFreeLockerError`` when none is left, ``LockerAlreadyHeldError`` when the visit
    already holds one.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = lock_visit(visit, allowed=not_left())
        if current.holds_locker or current.holds_id_card:
            raise LockerAlreadyHeldError(f"visit {current.pk}")
        chosen = (
            _take_named(current, locker, now) if locker is not None else _take_lowest(current, now)
        )
        Visit.objects.filter(pk=current.pk).update(
            id_card_received_at=now,
            id_card_received_by=officer,
            id_card_returned_at=None,
            id_card_returned_by=None,
        )
        audit_record(
            actor=officer,
            action=AuditAction.LOCKER_ASSIGN,
            obj=current,
            at=now,
            details={"locker_id": chosen.pk, "locker_number": chosen.number, "id_card": "received"},
        )
    return chosen


def _take_named(visit: Visit, locker: Locker, now: datetime) -> Locker:
    target = Locker.objects.select_for_update().get(pk=locker.pk)
    if not target.active:
        raise LockerInactiveError(f"locker {target.number}")
    if not lockers_free().filter(pk=target.pk).exists() or not _occupy(visit, target, now):
        raise LockerTakenError(f"locker {target.number}")
    return target


def _take_lowest(visit: Visit, now: datetime) -> Locker:
    lost: list[int] = []
    while True:
        candidate = (
            _candidates()
            .exclude(pk__in=lost)
            .select_for_update(skip_locked=True, of=("self",))
            .first()
        )
        if candidate is None:
            raise NoFreeLockerError()
        if _occupy(visit, candidate, now):
            return candidate
        lost.append(candidate.pk)


def _candidates() -> QuerySet[Locker]:
    """Seam for tests that replay a lost race; the free lockers otherwise."""
    return lockers_free()


def _occupy(visit: Visit, locker: Locker, now: datetime) -> bool:
    """Point the visit at the locker; False when the unique index says someone was faster."""
    try:
        with transaction.atomic():  # a savepoint: losing the race leaves the outer work intact
            Visit.objects.filter(pk=visit.pk).update(
                locker=locker, locker_assigned_at=now, locker_released_at=None
            )
    except IntegrityError:
        return False
    return True


def locker_release(*, visit: Visit, officer: Officer, now: datetime | None = None) -> Visit:
    """Give the ID card back and free the locker (both are settled together)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = lock_visit(visit)
        if not current.holds_id_card and not current.holds_locker:
            raise NothingHeldError(f"visit {current.pk}")
        details: dict[str, object] = {}
        fields: list[str] = []
        if current.holds_id_card:
            current.id_card_returned_at, current.id_card_returned_by = now, officer
            fields += ["id_card_returned_at", "id_card_returned_by"]
            details["id_card"] = "returned"
        held = current.locker if current.holds_locker else None
        if held is not None:
            current.locker_released_at = now
            fields.append("locker_released_at")
            details |= {"locker_id": held.pk, "locker_number": held.number}
        current.save(update_fields=fields)
        audit_record(
            actor=officer, action=AuditAction.LOCKER_RELEASE, obj=current, at=now, details=details
        )
    return current
