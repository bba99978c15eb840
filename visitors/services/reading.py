"""The reading room: which printed publications a visitor reads, until they are returned."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalogue.models import Publication
from visitors.errors import ReadingAlreadyOpenError, WrongStateError
from visitors.models import ReadingRecord, Visit
from visitors.models.choices import AuditAction
from visitors.services.common import Officer, audit_record, lock_visit, not_left


def reading_start(
    *, visit: Visit, publication: Publication, officer: Officer, now: datetime | None = None
) -> ReadingRecord:
    """Hand a printed publication to the visitor; it is "in the reading room" until returned."""
    now = now or timezone.now()
    with transaction.atomic():
        current = lock_visit(visit, allowed=not_left())
        if ReadingRecord.objects.filter(
            visit=current, publication=publication, returned_at__isnull=True
        ).exists():
            raise ReadingAlreadyOpenError(f"visit {current.pk}, publication {publication.pk}")
        try:
            with transaction.atomic():
                record = ReadingRecord.objects.create(
                    visit=current, publication=publication, started_at=now, started_by=officer
                )
        except IntegrityError as exc:
            raise ReadingAlreadyOpenError(f"publication {publication.pk}") from exc
        audit_record(
            actor=officer,
            action=AuditAction.READING_START,
            obj=record,
            at=now,
            details={"visit_id": current.pk, "publication_id": publication.pk},
        )
    return record


def reading_return(
    *, record: ReadingRecord, officer: Officer, now: datetime | None = None
) -> ReadingRecord:
    """The publication is back at the desk."""
    now = now or timezone.now()
    with transaction.atomic():
        current = ReadingRecord.objects.select_for_update().get(pk=record.pk)
        if current.returned_at is not None:
            raise WrongStateError(f"reading {current.pk} already returned")
        current.returned_at, current.returned_by = now, officer
        current.save(update_fields=["returned_at", "returned_by"])
        audit_record(
            actor=officer,
            action=AuditAction.READING_RETURN,
            obj=current,
            at=now,
            details={"visit_id": current.visit_id, "publication_id": current.publication_id},
        )
    return current
