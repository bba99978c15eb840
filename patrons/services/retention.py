"""Retention (UU 27/2022) for online accounts, run daily by the ``purge_patrons`` task.

- Accounts never verified are deleted after PATRON_UNVERIFIED_DAYS (7).
- Verified accounts without activity (sign-in or request) for PATRON_INACTIVE_DAYS
  (3 years) are erased like a deletion by the patron: the person goes, their requests stay
  as anonymous statistics.
Staff accounts are never touched. Idempotent: a second run finds nothing more to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from patrons.errors import RetentionPeriodError
from patrons.services.accounts import patron_erase


@dataclass(frozen=True)
class PurgeResult:
    unverified_deleted: int
    inactive_erased: int

    def as_dict(self) -> dict[str, int]:
        return {
            "unverified_deleted": self.unverified_deleted,
            "inactive_erased": self.inactive_erased,
        }


def patrons_purge(
    *,
    unverified_days: int | None = None,
    inactive_days: int | None = None,
    now: datetime | None = None,
) -> PurgeResult:
    if unverified_days is None:
        unverified_days = settings.PATRON_UNVERIFIED_DAYS
    if inactive_days is None:
        inactive_days = settings.PATRON_INACTIVE_DAYS
    if unverified_days < 1 or inactive_days < 1:
        raise RetentionPeriodError(f"{unverified_days}/{inactive_days} days")
    now = now or timezone.now()
    patrons = User.objects.filter(patron__isnull=False, is_staff=False, is_superuser=False)

    unverified = patrons.filter(
        patron__verified_at__isnull=True, date_joined__lt=now - timedelta(days=unverified_days)
    )
    deleted = 0
    for user in unverified.iterator():
        patron_erase(user=user)
        deleted += 1

    inactive = patrons.filter(patron__verified_at__isnull=False).annotate(
        seen=Coalesce("patron__last_activity", "last_login", "patron__verified_at")
    )
    due = inactive.filter(Q(seen__lt=now - timedelta(days=inactive_days)))
    erased = 0
    for user in due.iterator():
        patron_erase(user=user)
        erased += 1
    return PurgeResult(unverified_deleted=deleted, inactive_erased=erased)
