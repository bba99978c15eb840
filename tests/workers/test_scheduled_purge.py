"""The daily purge of visitor details is scheduled, and the task anonymises old visitors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.utils import timezone

from common import tasknames
from visitors.models import Visitor
from visitors.services.guestbook import guestbook_submit

pytestmark = pytest.mark.django_db


def test_purge_is_in_the_beat_schedule_daily() -> None:
    from workers.celery import app

    entries = [e for e in app.conf.beat_schedule.values() if e["task"] == tasknames.PURGE_VISITORS]
    assert len(entries) == 1
    assert isinstance(entries[0]["schedule"], crontab)
    assert entries[0]["schedule"].remaining_estimate(timezone.now()) <= timedelta(days=1)
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert tasknames.PURGE_VISITORS in app.tasks


def test_purge_task_anonymises_visitors_past_retention(settings) -> None:
    from workers.tasks import purge_visitors

    settings.VISITOR_RETENTION_DAYS = 30
    long_ago = timezone.now() - timedelta(days=40)
    guestbook_submit(
        name="Siti Rahmah",
        phone="081266554433",
        birth_year=1990,
        sex="female",
        education="bachelor",
        occupation="student",
        institution="Universitas Andalas",
        institution_category="education_research",
        purpose="thesis",
        service="library",
        id_type="ktp",
        now=long_ago,
    )
    assert purge_visitors.apply().get() == 1
    visitor = Visitor.objects.get()
    assert visitor.name != "Siti Rahmah"
    assert "081266554433" not in (visitor.phone or "")
    assert purge_visitors.apply().get() == 0
