"""The daily purge runs as a Celery task by name, in a real worker on the test database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from common.tasknames import PURGE_PATRONS
from patrons.models import Patron
from workers.celery import app

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_purge_task_by_name_deletes_stale_unverified_accounts(celery_worker_name: str) -> None:
    old = timezone.now() - timedelta(days=30)
    stale = User.objects.create_user("lama@contoh.id", email="lama@contoh.id", is_active=False)
    User.objects.filter(pk=stale.pk).update(date_joined=old)
    Patron.objects.create(user=stale, consent_at=old, consent_version="t")
    fresh = User.objects.create_user("baru@contoh.id", email="baru@contoh.id", is_active=False)
    Patron.objects.create(user=fresh, consent_at=timezone.now(), consent_version="t")

    result = app.send_task(PURGE_PATRONS).get(timeout=60)

    assert result == {"unverified_deleted": 1, "inactive_erased": 0}
    assert list(User.objects.values_list("username", flat=True)) == ["baru@contoh.id"]
