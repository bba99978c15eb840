"""The frontline queue: today's waiting visitors in order, with how long each has waited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import timezone

from visitors.models import PhotocopyRequest, ReadingRecord, Visit

OK, AMBER, RED = "ok", "amber", "red"
# Visits in the priority lane (disability, elderly, pregnant) sort before all others.
PRIORITY_FIRST = Case(
    When(priority="", then=Value(1)), default=Value(0), output_field=IntegerField()
)


@dataclass(frozen=True)
class QueueEntry:
    visit: Visit
    waited_seconds: int
    level: str  # "ok", "amber" (≥ QUEUE_AMBER_SECONDS), "red" (≥ SERVICE_LEVEL_SECONDS)


def queue_level(waited_seconds: float) -> str:
    """Amber at 4 minutes, red at 5: the office promises service within 5 minutes."""
    if waited_seconds >= settings.SERVICE_LEVEL_SECONDS:
        return RED
    if waited_seconds >= settings.QUEUE_AMBER_SECONDS:
        return AMBER
    return OK


def queue_waiting(*, now: datetime | None = None) -> list[QueueEntry]:
    """Today's waiting visits: the priority lane first, then first come first served.

    A wait is counted from the guestbook entry.
    Visits left waiting on earlier days are not in the queue; they show up in
    ``closing_time_open_items`` instead.
    """
    now = now or timezone.now()
    waiting = (
        Visit.objects.filter(state=Visit.State.WAITING, visit_date=timezone.localdate(now))
        .select_related("visitor")
        .order_by(PRIORITY_FIRST, "guestbook_at", "queue_number")
    )
    entries = []
    for visit in waiting:
        waited = max(0.0, (now - visit.guestbook_at).total_seconds())
        entries.append(
            QueueEntry(visit=visit, waited_seconds=int(waited), level=queue_level(waited))
        )
    return entries


def visits_at_desk() -> list[Visit]:
    """Visits past the queue and not checked out (in service or done), oldest first.

    Each carries ``open_readings`` (printed copies not yet returned) and
    ``issued_photocopies`` (forms the cooperative has not finished).
    """
    readings = ReadingRecord.objects.filter(returned_at__isnull=True).select_related(
        "holding__publication"
    )
    photocopies = PhotocopyRequest.objects.filter(
        status=PhotocopyRequest.Status.ISSUED
    ).select_related("publication", "holding")
    return list(
        Visit.objects.filter(state__in=[Visit.State.IN_SERVICE, Visit.State.DONE])
        .select_related("visitor", "locker")
        .prefetch_related(
            Prefetch("readings", queryset=readings, to_attr="open_readings"),
            Prefetch("photocopies", queryset=photocopies, to_attr="issued_photocopies"),
        )
        .order_by("visit_date", "queue_number")
    )
