"""The reading room: which printed copies (holdings) a visitor reads, until they are returned.

A copy handed out shows "in the reading room" in the catalogue until it is back at the
desk, then "available" again. The status change goes through the catalogue's holdings
service, under the copy's row lock, so two desks can never hand out the same copy.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalogue.models import Holding
from catalogue.services.holdings import holding_lock, holding_set_status
from visitors.errors import (
    HoldingInReadingRoomError,
    HoldingMissingError,
    HoldingNotFoundError,
    HoldingUnavailableError,
    HoldingWithdrawnError,
    WrongStateError,
)
from visitors.models import ReadingRecord, Visit
from visitors.models.choices import AuditAction
from visitors.services.common import Officer, audit_record, lock_visit, not_left

_REFUSALS: dict[str, type[HoldingUnavailableError]] = {
    Holding.Status.READING_ROOM: HoldingInReadingRoomError,
    Holding.Status.WITHDRAWN: HoldingWithdrawnError,
    Holding.Status.MISSING: HoldingMissingError,
}


def _check_lendable(holding: Holding) -> None:
    if holding.publication.is_deleted:
        raise HoldingWithdrawnError(f"holding {holding.pk}: publication deleted")
    if holding.status != Holding.Status.AVAILABLE:
        refusal = _REFUSALS.get(holding.status, HoldingUnavailableError)
        raise refusal(f"holding {holding.pk} is {holding.status}")


def reading_start(
    *, visit: Visit, barcode: str, officer: Officer, now: datetime | None = None
) -> ReadingRecord:
    """Hand the copy with this barcode to the visitor; it is "in the reading room" until
    returned. Refused (bilingual error) for an unknown barcode or a copy not on the shelf.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = lock_visit(visit, allowed=not_left())
        holding = holding_lock(barcode=barcode)
        if holding is None:
            raise HoldingNotFoundError(barcode.strip()[:64])
        _check_lendable(holding)
        try:
            with transaction.atomic():
                record = ReadingRecord.objects.create(
                    visit=current, holding=holding, started_at=now, started_by=officer
                )
        except IntegrityError as exc:  # an open record the status did not show
            raise HoldingInReadingRoomError(f"holding {holding.pk}") from exc
        holding_set_status(holding=holding, status=Holding.Status.READING_ROOM, now=now)
        audit_record(
            actor=officer,
            action=AuditAction.READING_START,
            obj=record,
            at=now,
            details={
                "visit_id": current.pk,
                "holding_id": holding.pk,
                "publication_id": holding.publication_id,
            },
        )
    return record


def reading_return(
    *, record: ReadingRecord, officer: Officer, now: datetime | None = None
) -> ReadingRecord:
    """The copy is back at the desk: the record closes and the copy is available again."""
    now = now or timezone.now()
    with transaction.atomic():
        current = ReadingRecord.objects.select_for_update().get(pk=record.pk)
        if current.returned_at is not None:
            raise WrongStateError(f"reading {current.pk} already returned")
        current.returned_at, current.returned_by = now, officer
        current.save(update_fields=["returned_at", "returned_by"])
        holding = holding_lock(pk=current.holding_id)
        # Only undo our own status: a copy a librarian meanwhile marked otherwise keeps it.
        if holding is not None and holding.status == Holding.Status.READING_ROOM:
            holding_set_status(holding=holding, status=Holding.Status.AVAILABLE, now=now)
        audit_record(
            actor=officer,
            action=AuditAction.READING_RETURN,
            obj=current,
            at=now,
            details={"visit_id": current.visit_id, "holding_id": current.holding_id},
        )
    return current
