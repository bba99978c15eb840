"""Retention: unverified accounts deleted after 7 days, inactive ones erased after the
configured period; staff untouched; request statistics stay; idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from patrons.errors import RetentionPeriodError
from patrons.models import Patron, SoftcopyRequest
from patrons.services.requests import request_create
from patrons.services.retention import patrons_purge
from tests.patrons.support import PASSWORD, make_softcopy

pytest_plugins = ["tests.patrons.fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def _patron(
    email: str, *, joined_days_ago: int, verified: bool, active_days_ago: int | None
) -> User:
    now = timezone.now()
    user = User.objects.create_user(email, email=email, password=PASSWORD, is_active=verified)
    User.objects.filter(pk=user.pk).update(date_joined=now - timedelta(days=joined_days_ago))
    Patron.objects.create(
        user=user,
        consent_at=now - timedelta(days=joined_days_ago),
        consent_version="test",
        verified_at=now - timedelta(days=joined_days_ago) if verified else None,
        last_activity=None if active_days_ago is None else now - timedelta(days=active_days_ago),
    )
    return user


def test_purge_deletes_stale_unverified_and_erases_long_inactive(storage, settings) -> None:
    settings.PATRON_INACTIVE_DAYS = 3 * 365
    softcopy = make_softcopy()
    _patron("baru@contoh.id", joined_days_ago=2, verified=False, active_days_ago=None)
    _patron("lama@contoh.id", joined_days_ago=8, verified=False, active_days_ago=None)
    _patron("aktif@contoh.id", joined_days_ago=2000, verified=True, active_days_ago=30)
    sleeper = _patron("tidur@contoh.id", joined_days_ago=2000, verified=True, active_days_ago=1200)
    made = request_create(user=sleeper, publication_id=softcopy.publication_id, purpose="study")
    # request_create counts as activity; put the sleeper back to sleep.
    Patron.objects.filter(user=sleeper).update(last_activity=timezone.now() - timedelta(days=1200))
    staff = User.objects.create_user("staf", password=PASSWORD, is_staff=True)
    User.objects.filter(pk=staff.pk).update(date_joined=timezone.now() - timedelta(days=4000))

    result = patrons_purge()

    assert (result.unverified_deleted, result.inactive_erased) == (1, 1)
    left = set(User.objects.values_list("username", flat=True))
    assert left == {"baru@contoh.id", "aktif@contoh.id", "staf"}
    kept = SoftcopyRequest.objects.get(pk=made.pk)
    assert kept.patron is None
    assert kept.purpose == "study"
    assert patrons_purge().as_dict() == {"unverified_deleted": 0, "inactive_erased": 0}


def test_the_inactivity_period_is_a_setting(settings) -> None:
    _patron("setahun@contoh.id", joined_days_ago=400, verified=True, active_days_ago=400)
    assert patrons_purge().inactive_erased == 0
    settings.PATRON_INACTIVE_DAYS = 365
    assert patrons_purge().inactive_erased == 1


def test_a_period_below_one_day_is_refused() -> None:
    with pytest.raises(RetentionPeriodError):
        patrons_purge(inactive_days=-1)
