"""Retention (UU 27/2022): wipe visitors' personal details after a configurable period.

A visitor is due once their *last* visit is older than the period, so a regular visitor
stays recognisable while they keep coming. Name, phone, email, birth year and institution
name are wiped; the row stays (it still counts as one person in past reports) and every
visit keeps its statistics: sex, education, occupation, institution category, age band,
purpose, service, group counts and all timestamps.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from visitors.errors import RetentionPeriodError
from visitors.models import Visitor
from visitors.models.choices import AuditAction
from visitors.services.common import audit_record

_BATCH = 500


def visitors_purge(*, older_than_days: int | None = None, now: datetime | None = None) -> int:
    """Anonymise visitors whose last visit is older than the period; return how many.

    ``older_than_days`` defaults to ``settings.VISITOR_RETENTION_DAYS`` (365). Idempotent:
    a second run finds nothing more to do.
    """
    days = settings.VISITOR_RETENTION_DAYS
    days = days if older_than_days is None else older_than_days
    if days < 1:
        raise RetentionPeriodError(f"{days} days")
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    total = 0
    while True:
        batch = list(_due(cutoff)[:_BATCH])
        done = _anonymise(batch, cutoff=cutoff, days=days, now=now)
        total += done
        if len(batch) < _BATCH:
            return total


def _due(cutoff: datetime, among: list[int] | None = None) -> QuerySet[Visitor, int]:
    rows = Visitor.objects.filter(anonymised_at__isnull=True)
    if among is not None:
        rows = rows.filter(pk__in=among)
    return (
        rows.annotate(last_visit=Max("visits__guestbook_at"))
        .filter(Q(last_visit__lt=cutoff) | Q(last_visit__isnull=True, created_at__lt=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _anonymise(ids: list[int], *, cutoff: datetime, days: int, now: datetime) -> int:
    if not ids:
        return 0
    with transaction.atomic():
        locked = list(
            Visitor.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True)
        )
        # Re-check under the row locks: a visitor who just signed the guestbook is kept.
        due = list(_due(cutoff, among=locked))
        Visitor.objects.filter(pk__in=due).update(
            name="", phone="", email="", birth_year=None, institution="", anonymised_at=now
        )
        if due:
            audit_record(
                actor=None,
                action=AuditAction.PURGE,
                obj=Visitor,
                at=now,
                details={
                    "visitor_ids": due,
                    "count": len(due),
                    "older_than_days": days,
                    "cutoff": cutoff.isoformat(),
                },
            )
    return len(due)
