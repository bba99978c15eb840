"""The frontline officer's steps on a visit: start service, finish it, check the visitor out.

Each step locks the visit row and re-reads its state, so two officers pressing the same
button at once get one success and one ``WrongStateError``.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from visitors.errors import IdCardNotReturnedError, LockerNotFreedError, ReadingNotReturnedError
from visitors.models import ReadingRecord, Visit
from visitors.models.choices import AuditAction
from visitors.services.common import Officer, audit_record, lock_visit


def visit_start_service(*, visit: Visit, officer: Officer, now: datetime | None = None) -> Visit:
    """Waiting → in service; the wait that the 5-minute promise measures ends here."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_visit(visit, allowed=(Visit.State.WAITING,))
        locked.state = Visit.State.IN_SERVICE
        locked.service_started_at = now
        locked.service_started_by = officer
        locked.save(update_fields=["state", "service_started_at", "service_started_by"])
        waited = (now - locked.guestbook_at).total_seconds()
        audit_record(
            actor=officer,
            action=AuditAction.SERVICE_START,
            obj=locked,
            at=now,
            details={"from": Visit.State.WAITING, "to": locked.state, "wait_seconds": waited},
        )
    return locked


def visit_finish_service(*, visit: Visit, officer: Officer, now: datetime | None = None) -> Visit:
    """In service → done (the visitor may stay to read until check-out)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_visit(visit, allowed=(Visit.State.IN_SERVICE,))
        locked.state = Visit.State.DONE
        locked.service_finished_at = now
        locked.service_finished_by = officer
        locked.save(update_fields=["state", "service_finished_at", "service_finished_by"])
        audit_record(
            actor=officer,
            action=AuditAction.SERVICE_FINISH,
            obj=locked,
            at=now,
            details={"from": Visit.State.IN_SERVICE, "to": locked.state},
        )
    return locked


def visit_check_out(*, visit: Visit, officer: Officer, now: datetime | None = None) -> Visit:
    """Close the visit (time out) once the ID card, the locker and the readings are settled.

    Allowed from "done" and from "waiting" (a visitor who leaves unserved); a visit in
    service must be finished first.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_visit(visit, allowed=(Visit.State.WAITING, Visit.State.DONE))
        if locked.holds_id_card:
            raise IdCardNotReturnedError(f"visit {locked.pk}")
        if locked.holds_locker:
            raise LockerNotFreedError(f"visit {locked.pk}")
        if ReadingRecord.objects.filter(visit=locked, returned_at__isnull=True).exists():
            raise ReadingNotReturnedError(f"visit {locked.pk}")
        before = locked.state
        locked.state = Visit.State.LEFT
        locked.checked_out_at = now
        locked.checked_out_by = officer
        locked.save(update_fields=["state", "checked_out_at", "checked_out_by"])
        audit_record(
            actor=officer,
            action=AuditAction.CHECK_OUT,
            obj=locked,
            at=now,
            details={"from": before, "to": locked.state},
        )
    return locked
