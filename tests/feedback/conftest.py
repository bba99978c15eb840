"""Fixtures for the feedback tests: a fixed morning, a visit, staff in their groups."""

from __future__ import annotations

import importlib
import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User

from visitors.models import Visit
from visitors.services import guestbook_submit

WIB = ZoneInfo("Asia/Jakarta")
MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=WIB)
ROLES = importlib.import_module("visitors.migrations.0002_staff_groups")
FEEDBACK_ROLES = importlib.import_module("feedback.migrations.0002_staff_permissions")
_phones = itertools.count(1)


def make_visit(now: datetime = MORNING) -> Visit:
    return guestbook_submit(
        now=now,
        name="Rina Marlina",
        phone=f"0813{next(_phones):08d}",
        email="",
        birth_year=1998,
        sex="female",
        education="bachelor",
        occupation="student",
        institution="",
        institution_category="education_research",
        purpose="thesis",
        service="library",
        id_type="ktp",
    )


@pytest.fixture
def visit(db: None) -> Visit:
    return make_visit()


@pytest.fixture
def groups(db: None) -> dict[str, Group]:
    # A transactional test's flush removes the migrations' rows: make them again.
    ROLES.create_staff_groups(django_apps, None)
    FEEDBACK_ROLES.grant_feedback_permissions(django_apps, None)
    return {group.name: group for group in Group.objects.all()}


@pytest.fixture
def officer(groups: dict[str, Group]) -> User:
    user = User.objects.create_user("petugas", password="x", is_staff=True)
    user.groups.add(groups["Petugas Layanan"])
    return user


@pytest.fixture
def librarian(groups: dict[str, Group]) -> User:
    user = User.objects.create_user("pustakawan", password="x", is_staff=True)
    user.groups.add(groups["Pustakawan"])
    return user
