"""Retention (UU 27/2022): a complainant's contact is kept only to reply, then wiped.

Due once the complaint was received longer ago than the period. Only the name, email and
phone go; the register row, its states and its audit trail stay for the statistics.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from feedback.errors import RetentionPeriodError
from feedback.models import Complaint, ComplaintEvent
from feedback.models.choices import ComplaintAction


def complaint_contacts_purge(
    *, older_than_days: int | None = None, now: datetime | None = None
) -> int:
    """Wipe the contact of complaints older than the period; return how many. Idempotent."""
    days = settings.FEEDBACK_CONTACT_RETENTION_DAYS if older_than_days is None else older_than_days
    if days < 1:
        raise RetentionPeriodError(f"{days} days")
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    has_contact = ~Q(contact_name="") | ~Q(contact_email="") | ~Q(contact_phone="")
    with transaction.atomic():
        due = list(
            Complaint.objects.select_for_update()
            .filter(has_contact, received_at__lt=cutoff)
            .values_list("pk", "state")
        )
        Complaint.objects.filter(pk__in=[pk for pk, _ in due]).update(
            contact_name="", contact_email="", contact_phone="", contact_purged_at=now
        )
        ComplaintEvent.objects.bulk_create(
            ComplaintEvent(
                complaint_id=pk,
                action=ComplaintAction.PURGE_CONTACT,
                from_state=state,
                to_state=state,
                at=now,
            )
            for pk, state in due
        )
    return len(due)
