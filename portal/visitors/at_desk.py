"""The "at the desk" section of the queue page: visits being served, kept live.

The page's poller gets a short signature of the section with the waiting list
(``/meja/antrean.json``) and fetches the re-rendered section (``/meja/di-meja/``) only
when the signature changed — when another officer started, finished, lent a copy or a
locker — so the cards don't flicker and a half-made choice is not reset every poll.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.visitors import labels
from portal.visitors.access import desk_required
from visitors.models import Locker, Visit
from visitors.selectors import lockers_free, visits_at_desk


def at_desk_signature(visits: list[Visit], free_lockers: list[Locker]) -> str:
    """Changes whenever anything the section shows changes (not on every render)."""
    parts: list[object] = [[locker.pk for locker in free_lockers]]
    for visit in visits:
        parts.append(
            (
                visit.pk,
                visit.state,
                visit.holds_id_card,
                visit.holds_locker,
                visit.locker_id,
                visit.visitor.name,
                [record.pk for record in getattr(visit, "open_readings", [])],
                [form.pk for form in getattr(visit, "issued_photocopies", [])],
            )
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def at_desk_context() -> dict[str, Any]:
    visits = visits_at_desk()
    free = list(lockers_free())
    return {
        "at_desk": [labels.shown(visit) for visit in visits],
        "free_lockers": free,
        "at_desk_signature": at_desk_signature(visits, free),
    }


@desk_required
@never_cache
@require_GET
def at_desk_section(request: HttpRequest) -> HttpResponse:
    """The section alone, as the queue page shows it, for the poller to swap in."""
    return render(request, "portal/desk/_at_desk.html", at_desk_context())
