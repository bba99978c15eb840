"""Look-ups of one row by the id in a desk URL: 404 when it does not exist (an edge)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

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
