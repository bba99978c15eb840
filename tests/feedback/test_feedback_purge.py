"""Retention: complainants' contacts are wiped after the period; the register stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from feedback.errors import RetentionPeriodError
from feedback.models import Complaint, ComplaintEvent
from feedback.services import complaint_contacts_purge, complaint_submit
from tests.feedback.conftest import MORNING

pytestmark = pytest.mark.django_db


def _with_contact(days_ago: int) -> Complaint:
    return complaint_submit(
        kind="question",
        channel="email",
        subject="Data inflasi",
        text="Di mana data inflasi bulanan?",
        contact_name="Budi",
        contact_email="budi@contoh.id",
        contact_phone="081234567890",
        received_at=MORNING - timedelta(days=days_ago),
        now=MORNING,
    )


def test_old_contacts_are_wiped_recent_ones_kept_and_it_is_idempotent() -> None:
    old, recent = _with_contact(400), _with_contact(10)
    assert complaint_contacts_purge(now=MORNING) == 1  # default period: 365 days
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert old.contact_purged_at == MORNING
    assert (old.subject, old.reference, old.state) == ("Data inflasi", "PGD-2025-0001", "received")
    assert recent.contact_email == "budi@contoh.id"
    assert ComplaintEvent.objects.filter(complaint=old, action="purge_contact").count() == 1
    assert complaint_contacts_purge(now=MORNING) == 0


@override_settings(FEEDBACK_CONTACT_RETENTION_DAYS=5)
def test_the_period_comes_from_the_setting() -> None:
    _with_contact(10)
    assert complaint_contacts_purge(now=MORNING) == 1


def test_a_period_under_one_day_is_refused() -> None:
    _with_contact(400)
    with pytest.raises(RetentionPeriodError):
        complaint_contacts_purge(older_than_days=0, now=MORNING)
    assert Complaint.objects.get().contact_name == "Budi"


def test_the_purge_is_scheduled_daily() -> None:
    from celery.schedules import crontab
    from django.utils import timezone

    from common.tasknames import PURGE_FEEDBACK_CONTACTS
    from workers.celery import app

    entries = [e for e in app.conf.beat_schedule.values() if e["task"] == PURGE_FEEDBACK_CONTACTS]
    assert len(entries) == 1
    assert isinstance(entries[0]["schedule"], crontab)
    assert entries[0]["schedule"].remaining_estimate(timezone.now()) <= timedelta(days=1)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_task_by_name_purges_in_a_real_worker(celery_worker_name: str) -> None:
    from django.utils import timezone

    from common.tasknames import PURGE_FEEDBACK_CONTACTS
    from workers.celery import app

    complaint_submit(
        kind="question",
        channel="phone",
        subject="Jam buka",
        text="Jam berapa buka?",
        contact_phone="081234567890",
        received_at=timezone.now() - timedelta(days=400),
    )
    assert app.send_task(PURGE_FEEDBACK_CONTACTS).get(timeout=60) == 1
    assert Complaint.objects.get().contact_phone == ""
