"""Shared data for the desk tests: a fixed morning, the roles migration, guestbook entries."""

from __future__ import annotations

import importlib
import itertools
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.shortcuts import resolve_url

from portal.permissions import STAFF_LOGIN_URL

WIB = ZoneInfo("Asia/Jakarta")
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)
ROLES = importlib.import_module("visitors.migrations.0002_staff_groups")
_phones = itertools.count(1)


def entry(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for ``guestbook_submit``: a valid visitor with a phone of its own."""
    data: dict[str, Any] = {
        "name": "Rina Marlina",
        "phone": f"0812{next(_phones):08d}",
        "birth_year": 1998,
        "sex": "female",
        "education": "bachelor",
        "occupation": "student",
        "institution_category": "education_research",
        "purpose": "thesis",
        "service": "library",
        "id_type": "ktp",
    }
    return data | overrides


def login_url() -> str:
    """Where the staff pages send a visitor who is not signed in: the staff sign-in page."""
    return str(resolve_url(STAFF_LOGIN_URL))
