"""Photocopy forms for the cooperative, numbered ``FC-<year>-<0001>``; no fee, ever.

A form issued for a copy the visitor is reading takes that copy along: the catalogue shows
it "at photocopy" until the form is done, then back "in the reading room" (or "available"
if it was handed back to the desk meanwhile).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from catalogue.models import Holding, Publication
from catalogue.services.holdings import holding_lock, holding_set_status
from common.pageranges import format_page_ranges, page_count
from visitors.errors import (
    HoldingAtPhotocopyError,
    HoldingNotLentToVisitError,
    PageRangeError,
    WrongStateError,
)
from visitors.models import PhotocopyRequest, ReadingRecord, Visit
from visitors.models.choices import AuditAction
from visitors.models.desk import PAGES_MAX_LENGTH
from visitors.services import validation as v
from visitors.services.common import Officer, audit_record, lock_visit, next_number, not_left


def photocopy_issue(
    *,
    visit: Visit,
    publication: Publication,
    pages: str,
    officer: Officer | None,
    holding: Holding | None = None,
    now: datetime | None = None,
) -> PhotocopyRequest:
    """Issue a numbered form for page ranges like ``"1-5, 9, 12-14"``.

    ``officer`` is None when the visitor fills the form in themselves. ``holding`` is the
    copy of ``publication`` lent to this visit in the reading room, when the visitor takes
    it to the cooperative; it must be in the visitor's hands (bilingual error otherwise).
    """
    now = now or timezone.now()
    ranges = v.parse_page_ranges(pages)
    normalised = format_page_ranges(ranges)
    if len(normalised) > PAGES_MAX_LENGTH:
        raise PageRangeError("too many separate ranges for one form")
    year = timezone.localtime(now).year
    with transaction.atomic():
        current = lock_visit(visit, allowed=not_left())
        copy = _take_copy_along(current, holding, publication, now) if holding else None
        request = PhotocopyRequest.objects.create(
            visit=current,
            publication=publication,
            holding=copy,
            pages=normalised,
            page_count=page_count(ranges),
            year=year,
            number=next_number(f"photocopy:{year}"),
            issued_at=now,
            issued_by=officer,
        )
        audit_record(
            actor=officer,
            action=AuditAction.PHOTOCOPY_ISSUE,
            obj=request,
            at=now,
            details={
                "form_number": request.form_number,
                "visit_id": current.pk,
                "publication_id": publication.pk,
                "holding_id": copy.pk if copy else None,
                "pages": normalised,
                "page_count": request.page_count,
            },
        )
    return request


def _take_copy_along(
    visit: Visit, holding: Holding, publication: Publication, now: datetime
) -> Holding:
    """Lock the copy, check it is this visit's open reading, mark it "at photocopy"."""
    locked = holding_lock(pk=holding.pk)
    lent = (
        locked is not None
        and locked.publication_id == publication.pk
        and ReadingRecord.objects.filter(
            visit=visit, holding=locked, returned_at__isnull=True
        ).exists()
    )
    if not lent or locked is None:
        raise HoldingNotLentToVisitError(f"holding {holding.pk}, visit {visit.pk}")
    if locked.status == Holding.Status.PHOTOCOPY:
        raise HoldingAtPhotocopyError(f"holding {locked.pk}")
    return holding_set_status(holding=locked, status=Holding.Status.PHOTOCOPY, now=now)


def _bring_copy_back(request: PhotocopyRequest, now: datetime) -> None:
    """The copy is back from the cooperative: to the reader, or the shelf if they returned it."""
    holding = holding_lock(pk=request.holding_id)
    # Only undo our own status: a copy a librarian meanwhile marked otherwise keeps it.
    if holding is None or holding.status != Holding.Status.PHOTOCOPY:
        return
    still_reading = ReadingRecord.objects.filter(
        visit_id=request.visit_id, holding=holding, returned_at__isnull=True
    ).exists()
    status = Holding.Status.READING_ROOM if still_reading else Holding.Status.AVAILABLE
    holding_set_status(holding=holding, status=status, now=now)


def photocopy_done(
    *, request: PhotocopyRequest, officer: Officer, now: datetime | None = None
) -> PhotocopyRequest:
    """The cooperative handed the copies over: issued → done."""
    now = now or timezone.now()
    with transaction.atomic():
        current = PhotocopyRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != PhotocopyRequest.Status.ISSUED:
            raise WrongStateError(f"photocopy {current.form_number} is {current.status}")
        current.status = PhotocopyRequest.Status.DONE
        current.done_at, current.done_by = now, officer
        current.save(update_fields=["status", "done_at", "done_by"])
        if current.holding_id is not None:
            _bring_copy_back(current, now)
        audit_record(
            actor=officer,
            action=AuditAction.PHOTOCOPY_DONE,
            obj=current,
            at=now,
            details={"form_number": current.form_number, "from": "issued", "to": current.status},
        )
    return current
