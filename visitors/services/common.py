"""What every visitor service shares: the audit record, counters, locking a visit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.db.models import F

from visitors.errors import WrongStateError
from visitors.models import AuditEntry, NumberSequence, Visit

if TYPE_CHECKING:
    from django.contrib.auth.models import User as Officer
else:  # the project keeps Django's default user model
    Officer = Any


def audit_record(
    *,
    actor: Officer | None,
    action: str,
    obj: models.Model | type[models.Model],
    at: datetime,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """One line in the audit log; ``details`` holds ids and states, never personal data.

    ``obj`` is the changed row, or a model class for a change to many rows at once.
    """
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.model_name or "",
        object_id="" if isinstance(obj, type) else str(obj.pk),
        details=details or {},
        at=at,
    )


def next_number(key: str) -> int:
    """The next value of a gap-free counter; call inside the transaction that uses it.

    The UPDATE takes the counter's row lock until commit, so concurrent callers get
    consecutive numbers; a rolled-back caller gives its number back.
    """
    assert connection.in_atomic_block, "next_number must run inside transaction.atomic()"
    # One statement on the hot path (the kiosk's write lock is held while it runs):
    # UPDATE … RETURNING works on PostgreSQL and on SQLite ≥ 3.35.
    quote = connection.ops.quote_name
    table, key_column, value = (
        quote(NumberSequence._meta.db_table),
        quote("key"),
        quote("last_value"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {value} = {value} + 1 WHERE {key_column} = %s RETURNING {value}",
            [key],
        )
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    # The counter's first use (e.g. the day's first visitor): create it at 1.
    # A concurrent first caller waits on the same lock, then finds the row.
    _, created = NumberSequence.objects.get_or_create(key=key, defaults={"last_value": 1})
    if created:
        return 1
    NumberSequence.objects.filter(key=key).update(last_value=F("last_value") + 1)
    return NumberSequence.objects.values_list("last_value", flat=True).get(key=key)


def lock_visit(visit: Visit | int, *, allowed: tuple[str, ...] | None = None) -> Visit:
    """Re-read the visit under a row lock (inside a transaction); check its state."""
    pk = visit if isinstance(visit, int) else visit.pk
    locked = Visit.objects.select_for_update().get(pk=pk)
    if allowed is not None and locked.state not in allowed:
        raise WrongStateError(f"visit {pk} is {locked.state}, expected one of {allowed}")
    return locked


def not_left() -> tuple[str, ...]:
    return (Visit.State.WAITING, Visit.State.IN_SERVICE, Visit.State.DONE)
