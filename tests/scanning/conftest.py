"""Scanning fixtures: a station with its token, a publication and a copy, small page images."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.models import Holding, Publication
from catalogue.services.holdings import holding_create
from catalogue.services.publications import publication_create
from scanning.services.stations import NewStation, station_add


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }


@pytest.fixture
def sent_tasks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[object], str]]:
    """Record what would go to the broker (for tests of the services alone)."""
    from celery import current_app

    sent: list[tuple[str, list[object], str]] = []

    def send_task(name: str, args: list[object] | None = None, queue: str = "", **_: object):
        sent.append((name, list(args or []), queue))

    monkeypatch.setattr(current_app, "send_task", send_task)
    return sent


@pytest.fixture
def station(db: None) -> NewStation:
    return station_add(name="Pemindai Lantai 1")


@pytest.fixture
def publication(db: None) -> Publication:
    return publication_create(title="Kota Pariaman Dalam Angka 2024")


@pytest.fixture
def holding(publication: Publication) -> Holding:
    return holding_create(publication=publication, barcode="PST-000123")
