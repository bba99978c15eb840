"""Photocopy forms for the cooperative, numbered ``FC-<year>-<0001>``; no fee, ever."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from catalogue.models import Publication
from visitors.errors import PageRangeError, WrongStateError
from visitors.models import PhotocopyRequest, Visit
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
    now: datetime | None = None,
) -> PhotocopyRequest:
    """Issue a numbered form for page ranges like ``"1-5, 9, 12-14"``.

    ``officer`` is None when the visitor fills the form in themselves.
    """
    now = now or timezone.now()
    ranges = v.parse_page_ranges(pages)
    normalised = v.format_page_ranges(ranges)
    if len(normalised) > PAGES_MAX_LENGTH:
        raise PageRangeError("too many separate ranges for one form")
    year = timezone.localtime(now).year
    with transaction.atomic():
        current = lock_visit(visit, allowed=not_left())
        request = PhotocopyRequest.objects.create(
            visit=current,
            publication=publication,
            pages=normalised,
            page_count=v.page_count(ranges),
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
                "pages": normalised,
                "page_count": request.page_count,
            },
        )
    return request


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
        audit_record(
            actor=officer,
            action=AuditAction.PHOTOCOPY_DONE,
            obj=current,
            at=now,
            details={"form_number": current.form_number, "from": "issued", "to": current.status},
        )
    return current
