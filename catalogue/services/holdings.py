"""Writes of holdings (printed copies): add a copy, move it between states."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalogue.errors import DuplicateBarcodeError, PublicationDeletedError
from catalogue.models import Holding, Publication
from catalogue.validation import check_choice, clean_holding


def holding_create(
    *,
    publication: Publication,
    barcode: str,
    call_number: str = "",
    shelf_location: str = "",
    status: str = Holding.Status.AVAILABLE,
    condition: str = Holding.Condition.GOOD,
    acquisition_date: dt.date | str | None = None,
    status_changed_at: dt.datetime | str | None = None,
) -> Holding:
    """A printed copy of a live publication; the barcode must be new to the library.

    ``status_changed_at`` is for records brought from elsewhere (an import); it is now
    otherwise.
    """
    if publication.is_deleted:
        raise PublicationDeletedError(f"publication {publication.pk}")
    cleaned, errors = clean_holding(
        {
            "barcode": barcode,
            "call_number": call_number,
            "shelf_location": shelf_location,
            "status": status,
            "condition": condition,
            "acquisition_date": acquisition_date,
            "status_changed_at": status_changed_at,
        }
    )
    if errors:
        raise errors[0]
    cleaned["status_changed_at"] = cleaned["status_changed_at"] or timezone.now()
    if Holding.objects.filter(barcode=cleaned["barcode"]).exists():
        raise DuplicateBarcodeError(cleaned["barcode"])
    try:
        with transaction.atomic():
            return Holding.objects.create(publication=publication, **cleaned)
    except IntegrityError as exc:  # another desk registered the same barcode just now
        raise DuplicateBarcodeError(cleaned["barcode"]) from exc


def holding_lock(*, barcode: str = "", pk: int | None = None) -> Holding | None:
    """The copy with this barcode (or id), row-locked until the caller's transaction ends.

    For a caller that checks the status and then moves the copy (the reading room): the
    lock keeps two desks from handing out the same copy. None when there is no such copy.
    """
    assert transaction.get_connection().in_atomic_block, "holding_lock needs a transaction"
    rows = Holding.objects.select_for_update().select_related("publication")
    if pk is not None:
        return rows.filter(pk=pk).first()
    code = barcode.strip()
    return rows.filter(barcode=code).first() if code else None


def holding_set_status(*, holding: Holding, status: str, now: dt.datetime | None = None) -> Holding:
    """Record where the copy is now (reading room, scanner, photocopy, missing, ...).

    Setting the status it already has changes nothing, not even the moment of change.
    """
    value = check_choice(status, Holding.Status, field="status")
    previous, holding.status = holding.status, value
    if holding_stamp_status(holding=holding, previous=previous, now=now):
        holding.save(update_fields=["status", "status_changed_at", "modified_at"])
    return holding


def holding_stamp_status(
    *, holding: Holding, previous: str | None, now: dt.datetime | None = None
) -> bool:
    """The one rule for when a copy's status changed: stamp ``status_changed_at`` if the
    status differs from ``previous`` (None for a new copy); the caller saves. True if stamped.

    The admin's forms call this too, so an edit there moves the moment exactly as
    ``holding_set_status`` does.
    """
    if holding.status == previous:
        return False
    holding.status_changed_at = now or timezone.now()
    return True
