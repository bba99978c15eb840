"""Migration 0002 turns the old comma-separated subject into Subject records.

Run on a scratch SQLite database of its own: migrating the test database back to
catalogue 0001 would first undo every app that depends on the catalogue, then redo them
all (40 s); here only the catalogue's own chain is applied, forwards and backwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("catalogue", "0001_initial")]
AFTER = [("catalogue", "0002_publication_catalogue_fields")]
SCRATCH = "catalogue_migration_scratch"


@pytest.fixture
def scratch(tmp_path: Path, django_db_blocker: Any) -> Iterator[BaseDatabaseWrapper]:
    """An empty SQLite database under a temporary alias, removed afterwards."""
    scratch_db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "m.db")}
    configured = connections.configure_settings(
        {"default": connections.settings["default"], SCRATCH: scratch_db}
    )
    connections.settings[SCRATCH] = configured[SCRATCH]
    with django_db_blocker.unblock():
        try:
            yield connections[SCRATCH]
        finally:
            connections[SCRATCH].close()
            del connections[SCRATCH]
            del connections.settings[SCRATCH]


def _migrate(connection: BaseDatabaseWrapper, target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_subject_strings_become_shared_subjects(scratch: BaseDatabaseWrapper) -> None:
    old = _migrate(scratch, BEFORE)
    Publication = old.get_model("catalogue", "Publication")
    Publication.objects.using(SCRATCH).create(title="A", subject="Ekonomi, Kependudukan")
    Publication.objects.using(SCRATCH).create(title="B", subject=" ekonomi ,, Sosial  Budaya")
    Publication.objects.using(SCRATCH).create(title="C", subject="")
    new = _migrate(scratch, AFTER)
    Publication = new.get_model("catalogue", "Publication")
    Subject = new.get_model("catalogue", "Subject")
    assert sorted(Subject.objects.using(SCRATCH).values_list("name", flat=True)) == [
        "Ekonomi",
        "Kependudukan",
        "Sosial Budaya",
    ]
    names = {
        p.title: sorted(p.subjects.values_list("name", flat=True))
        for p in Publication.objects.using(SCRATCH).all()
    }
    assert names == {
        "A": ["Ekonomi", "Kependudukan"],
        "B": ["Ekonomi", "Sosial Budaya"],
        "C": [],
    }
    back = _migrate(scratch, BEFORE)
    Publication = back.get_model("catalogue", "Publication")
    assert dict(Publication.objects.using(SCRATCH).values_list("title", "subject")) == {
        "A": "Ekonomi, Kependudukan",
        "B": "Ekonomi, Sosial Budaya",
        "C": "",
    }
