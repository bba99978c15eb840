"""What the waiting room's TV shows: numbers only (never a name), today's queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from visitors.models import Visit
from visitors.selectors.queue import PRIORITY_FIRST

MAX_SHOWN = 12


@dataclass(frozen=True)
class DisplayNumber:
    number: int
    label: str
    priority: bool


@dataclass(frozen=True)
class QueueDisplay:
    calling: DisplayNumber | None  # the number whose service started last
    called_at: datetime | None
    serving: list[DisplayNumber]
    waiting: list[DisplayNumber]  # in the order they will be called (priority lane first)
    waiting_count: int


def _number(visit: Visit) -> DisplayNumber:
    return DisplayNumber(visit.queue_number, visit.queue_label, bool(visit.priority))


def queue_display(*, now: datetime | None = None) -> QueueDisplay:
    today = timezone.localdate(now or timezone.now())
    fields = ("pk", "queue_number", "priority", "service_started_at", "state")
    serving = list(
        Visit.objects.filter(visit_date=today, state=Visit.State.IN_SERVICE)
        .only(*fields)
        .order_by("-service_started_at")
    )
    waiting = Visit.objects.filter(visit_date=today, state=Visit.State.WAITING).only(*fields)
    latest = (
        Visit.objects.filter(visit_date=today, service_started_at__isnull=False)
        .only(*fields)
        .order_by("-service_started_at")
        .first()
    )
    return QueueDisplay(
        calling=_number(latest) if latest else None,
        called_at=latest.service_started_at if latest else None,
        serving=[_number(v) for v in serving[:MAX_SHOWN]],
        waiting=[
            _number(v)
            for v in waiting.order_by(PRIORITY_FIRST, "guestbook_at", "queue_number")[:MAX_SHOWN]
        ],
        waiting_count=waiting.count(),
    )
