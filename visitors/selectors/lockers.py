"""The locker board, the reading room and what is still open at closing time."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from catalogue.models import Holding, Publication
from visitors.models import Locker, ReadingRecord, Visit


@dataclass(frozen=True)
class LockerSlot:
    locker: Locker
    visit: Visit | None  # the visit holding it, if any

    @property
    def free(self) -> bool:
        return self.locker.active and self.visit is None


@dataclass(frozen=True)
class ClosingItems:
    lockers_in_use: list[Visit]  # bags still in a locker
    id_cards_held: list[Visit]  # ID cards still at the desk
    visits_open: list[Visit]  # visits not checked out (any day)
    # printed copies handed out and not back at the desk
    copies_in_reading_room: list[ReadingRecord] = field(default_factory=list)

    @property
    def all_settled(self) -> bool:
        return not (
            self.lockers_in_use
            or self.id_cards_held
            or self.visits_open
            or self.copies_in_reading_room
        )


def _holding() -> QuerySet[Visit]:
    return Visit.objects.filter(locker__isnull=False, locker_released_at__isnull=True)


def lockers_free() -> QuerySet[Locker]:
    """Active lockers no visit is holding, lowest number first."""
    return (
        Locker.objects.filter(active=True)
        .exclude(pk__in=_holding().values("locker_id"))
        .order_by("number")
    )


def lockers_board() -> list[LockerSlot]:
    """Every locker in number order with the visit holding it (inactive ones included)."""
    holders = {visit.locker_id: visit for visit in _holding().select_related("visitor")}
    return [
        LockerSlot(locker=locker, visit=holders.get(locker.pk))
        for locker in Locker.objects.order_by("number")
    ]


def closing_time_open_items() -> ClosingItems:
    """Lockers still holding a bag, ID cards not returned, visits not checked out, and
    printed copies still in the reading room."""
    visits = Visit.objects.select_related("visitor", "locker").order_by(
        "visit_date", "queue_number"
    )
    return ClosingItems(
        lockers_in_use=list(visits.filter(locker__isnull=False, locker_released_at__isnull=True)),
        id_cards_held=list(
            visits.filter(id_card_received_at__isnull=False, id_card_returned_at__isnull=True)
        ),
        visits_open=list(visits.exclude(state=Visit.State.LEFT)),
        copies_in_reading_room=reading_room_open(),
    )


def reading_room_open() -> list[ReadingRecord]:
    """Printed copies in the reading room right now (handed out, not yet returned)."""
    return list(
        ReadingRecord.objects.filter(returned_at__isnull=True)
        .select_related("holding__publication", "visit")
        .order_by("started_at")
    )


def copies_on_shelf(publications: list[Publication]) -> dict[int, list[Holding]]:
    """The copies of each publication that can go to the reading room now, by barcode."""
    found: dict[int, list[Holding]] = {publication.pk: [] for publication in publications}
    copies = Holding.objects.filter(
        publication__in=publications, status=Holding.Status.AVAILABLE
    ).order_by("barcode")
    for copy in copies:
        found[copy.publication_id].append(copy)
    return found
