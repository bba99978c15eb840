"""Look-ups of one row by the id in a desk URL: 404 when it does not exist (an edge)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from catalogue.models import Holding
from visitors.errors import HoldingNotLentToVisitError
from visitors.models import PhotocopyRequest, ReadingRecord, Visit


def visit_get(visit_id: int) -> Visit:
    """One visit with its visitor, or 404."""
    return get_object_or_404(Visit.objects.select_related("visitor", "locker"), pk=visit_id)


def photocopy_get(request_id: int) -> PhotocopyRequest:
    """One photocopy form with what its printout shows, or 404."""
    return get_object_or_404(
        PhotocopyRequest.objects.select_related("visit", "publication"), pk=request_id
    )


def reading_get(record_id: int) -> ReadingRecord:
    return get_object_or_404(
        ReadingRecord.objects.select_related("visit", "holding__publication"), pk=record_id
    )


def holding_get(holding_id: int) -> Holding:
    """The copy a photocopy form names; an unknown id is a copy not lent to the visit."""
    holding = Holding.objects.select_related("publication").filter(pk=holding_id).first()
    if holding is None:
        raise HoldingNotLentToVisitError(f"holding {holding_id}")
    return holding


def copies_in_hand(visit: Visit) -> list[ReadingRecord]:
    """The visit's open readings, with each copy and its publication."""
    return list(
        visit.readings.filter(returned_at__isnull=True)
        .select_related("holding__publication")
        .order_by("started_at")
    )
