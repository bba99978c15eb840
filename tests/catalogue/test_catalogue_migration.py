"""Migration 0002 turns the old comma-separated subject into Subject records."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("catalogue", "0001_initial")]
AFTER = [("catalogue", "0002_publication_catalogue_fields")]


def _migrate(target: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_subject_strings_become_shared_subjects() -> None:
    try:
        old = _migrate(BEFORE)
        Publication = old.get_model("catalogue", "Publication")
        Publication.objects.create(title="A", subject="Ekonomi, Kependudukan")
        Publication.objects.create(title="B", subject=" ekonomi ,, Sosial  Budaya")
        Publication.objects.create(title="C", subject="")
        new = _migrate(AFTER)
        Publication = new.get_model("catalogue", "Publication")
        Subject = new.get_model("catalogue", "Subject")
        assert sorted(Subject.objects.values_list("name", flat=True)) == [
            "Ekonomi",
            "Kependudukan",
            "Sosial Budaya",
        ]
        names = {
            p.title: sorted(p.subjects.values_list("name", flat=True))
            for p in Publication.objects.all()
        }
        assert names == {
            "A": ["Ekonomi", "Kependudukan"],
            "B": ["Ekonomi", "Sosial Budaya"],
            "C": [],
        }
        back = _migrate(BEFORE)
        Publication = back.get_model("catalogue", "Publication")
        assert dict(Publication.objects.values_list("title", "subject")) == {
            "A": "Ekonomi, Kependudukan",
            "B": "Ekonomi, Sosial Budaya",
            "C": "",
        }
    finally:
        _migrate(_latest())


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
