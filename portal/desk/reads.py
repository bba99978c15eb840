"""Reads the desk screens need beyond ``visitors.selectors``.

Small and query-only; they belong in ``visitors.selectors`` / ``catalogue.selectors`` and
can move there unchanged (those packages are owned elsewhere).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from catalogue.models import Publication
from catalogue.selectors.publications import publication_list
from visitors.models import PhotocopyRequest, ReadingRecord, Visit

SEARCH_LIMIT = 20


def visits_at_desk() -> list[Visit]:
    """Visits past the queue and not checked out (in service or done), oldest first.

    Each carries ``open_readings`` (publications not yet returned) and
    ``issued_photocopies`` (forms the cooperative has not finished).
    """
    readings = ReadingRecord.objects.filter(returned_at__isnull=True).select_related("publication")
    photocopies = PhotocopyRequest.objects.filter(
        status=PhotocopyRequest.Status.ISSUED
    ).select_related("publication")
    return list(
        Visit.objects.filter(state__in=[Visit.State.IN_SERVICE, Visit.State.DONE])
        .select_related("visitor", "locker")
        .prefetch_related(
            Prefetch("readings", queryset=readings, to_attr="open_readings"),
            Prefetch("photocopies", queryset=photocopies, to_attr="issued_photocopies"),
        )
        .order_by("visit_date", "queue_number")
    )


def visit_get(visit_id: int) -> Visit:
    """One visit with its visitor, or 404."""
    return get_object_or_404(Visit.objects.select_related("visitor", "locker"), pk=visit_id)


def photocopy_get(request_id: int) -> PhotocopyRequest:
    """One photocopy form with what its printout shows, or 404."""
    return get_object_or_404(
        PhotocopyRequest.objects.select_related("visit", "publication"), pk=request_id
    )


def reading_get(record_id: int) -> ReadingRecord:
    return get_object_or_404(ReadingRecord.objects.select_related("visit"), pk=record_id)


def publications_live() -> QuerySet[Publication]:
    """Publications that can be handed out or copied: live records only."""
    return publication_list()


def publications_by_title(query: str, *, limit: int = SEARCH_LIMIT) -> list[Publication]:
    """Live publications whose title contains every word of ``query`` (case-insensitive)."""
    words = query.split()
    if not words:
        return []
    found = publication_list()
    for word in words:
        found = found.filter(title__icontains=word)
    return list(found.order_by("-year", "title")[:limit])
