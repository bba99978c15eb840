"""Fixtures for the visitor services: officers, lockers, a publication, a guestbook helper."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from catalogue.models import Holding, Publication
from catalogue.services.holdings import holding_create
from visitors.models import Locker, Visit
from visitors.services import guestbook_submit

WIB = ZoneInfo("Asia/Jakarta")
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)  # a Monday, opening time

_phones = itertools.count(1)


def valid_entry(**overrides: Any) -> dict[str, Any]:
    """A complete, valid guestbook form with a fresh phone number unless one is given."""
    entry: dict[str, Any] = {
        "name": "Rina Marlina",
        "phone": f"0812{next(_phones):08d}",
        "email": "",
        "birth_year": 1998,
        "sex": "female",
        "education": "bachelor",
        "occupation": "student",
        "institution": "Universitas Andalas",
        "institution_category": "education_research",
        "purpose": "thesis",
        "service": "library",
        "id_type": "ktp",
    }
    entry.update(overrides)
    return entry


@pytest.fixture
def submit() -> Callable[..., Visit]:
    """``submit(now=..., **fields)``: a guestbook entry with valid defaults."""

    def _submit(now: datetime = MORNING, **overrides: Any) -> Visit:
        return guestbook_submit(now=now, **valid_entry(**overrides))

    return _submit


@pytest.fixture
def officer(db: None) -> User:
    return User.objects.create_user("petugas1", password="x", is_staff=True)


@pytest.fixture
def officer2(db: None) -> User:
    return User.objects.create_user("petugas2", password="x", is_staff=True)


@pytest.fixture
def lockers(db: None) -> list[Locker]:
    return [Locker.objects.create(number=n) for n in range(1, 6)]


@pytest.fixture
def publication(db: None) -> Publication:
    return Publication.objects.create(title="Kota Pariaman Dalam Angka 2025", year=2025)


@pytest.fixture
def copy(publication: Publication) -> Holding:
    """A printed copy of ``publication`` on the shelf."""
    return holding_create(publication=publication, barcode="PST-0001", shelf_location="Rak A1")


@pytest.fixture
def form() -> Callable[..., dict[str, Any]]:
    """``form(**overrides)``: the keyword arguments of a valid guestbook entry."""
    return valid_entry
