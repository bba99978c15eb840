"""The priority lane set by the officer (the kiosk sets it with the guestbook entry)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from visitors.models import Visit
from visitors.models.choices import AuditAction, Priority
from visitors.services import validation as v
from visitors.services.common import Officer, audit_record, lock_visit


def visit_set_priority(
    *, visit: Visit | int, priority: str, officer: Officer, now: datetime | None = None
) -> Visit:
    """Put a waiting visit in the priority lane (or take it out with ``""``)."""
    now = now or timezone.now()
    value = v.clean_choice("priority", priority, Priority) if priority else ""
    with transaction.atomic():
        locked = lock_visit(visit, allowed=(Visit.State.WAITING,))
        before = locked.priority
        if before == value:
            return locked
        locked.priority = value
        locked.save(update_fields=["priority"])
        audit_record(
            actor=officer,
            action=AuditAction.PRIORITY_SET,
            obj=locked,
            at=now,
            details={"from": before, "to": value},
        )
    return locked
