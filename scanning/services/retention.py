"""Retention (UU 27/2022): a scan-to-email requester's address goes with the visitors' data.

The beat task that anonymises visitors calls this too, with the same period
(``VISITOR_RETENTION_DAYS``); the task itself stays for the statistics.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from scanning.models import ScanRequest


def scan_requests_purge(*, older_than_days: int | None = None, now: datetime | None = None) -> int:
    """Wipe requester addresses of tasks older than the period; return how many (idempotent)."""
    days = settings.VISITOR_RETENTION_DAYS if older_than_days is None else older_than_days
    now = now or timezone.now()
    return (
        ScanRequest.objects.filter(created_at__lt=now - timedelta(days=max(days, 1)))
        .exclude(requester_email="")
        .update(requester_email="", requester_purged_at=now)
    )
