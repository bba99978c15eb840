"""Migration 0004 renames ScanTask → ScanRequest and its permissions in place (issue 19).

Run on a scratch SQLite database of its own, as tests/catalogue/test_catalogue_migration.py
does: only the scanning chain and what it depends on is applied, forwards and backwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

FIRST = [("scanning", "0001_initial")]
BEFORE = [("scanning", "0003_batch_page_order")]
AFTER = [("scanning", "0004_scantask_to_scanrequest")]
SCRATCH = "default"


@pytest.fixture
def scratch(tmp_path: Path, django_db_blocker: Any) -> Iterator[BaseDatabaseWrapper]:
    """An empty SQLite database standing in as the default alias, put back afterwards.

    Unlike the catalogue's, this chain runs visitors 0002 and scanning 0002, whose
    RunPython steps write through the default alias (``Group.objects``,
    ``create_permissions``); so the scratch database is "default" for this test only.
    """
    scratch_db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "m.db")}
    saved_settings = connections.settings[SCRATCH]
    saved = connections[SCRATCH]
    connections.settings[SCRATCH] = connections.configure_settings({SCRATCH: scratch_db})[SCRATCH]
    connections[SCRATCH] = connections.create_connection(SCRATCH)
    with django_db_blocker.unblock():
        try:
            yield connections[SCRATCH]
        finally:
            connections[SCRATCH].close()
            connections.settings[SCRATCH] = saved_settings
            connections[SCRATCH] = saved


def _migrate(connection: BaseDatabaseWrapper, target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _codenames(apps: Any, *, group: str = "", username: str = "") -> set[str]:
    if group:
        holder = apps.get_model("auth", "Group").objects.using(SCRATCH).get(name=group)
        perms = holder.permissions
    else:
        holder = apps.get_model("auth", "User").objects.using(SCRATCH).get(username=username)
        perms = holder.user_permissions
    return set(perms.filter(content_type__app_label="scanning").values_list("codename", flat=True))


def test_0002_grants_the_old_codenames_and_takes_them_back(scratch: BaseDatabaseWrapper) -> None:
    old = _migrate(scratch, BEFORE)
    assert _codenames(old, group="Pustakawan") == {
        "view_scantask",
        "add_scantask",
        "change_scantask",
    }
    assert _codenames(old, group="Admin") == {
        "view_scantask",
        "add_scantask",
        "change_scantask",
        "view_station",
    }
    first = _migrate(scratch, FIRST)
    assert _codenames(first, group="Pustakawan") == set()  # the groups stay, the grants go
    again = _migrate(scratch, BEFORE)
    assert _codenames(again, group="Petugas Layanan") == {"view_scantask", "add_scantask"}


def test_groups_and_users_keep_their_scan_rights(scratch: BaseDatabaseWrapper) -> None:
    old = _migrate(scratch, BEFORE)
    Permission = old.get_model("auth", "Permission")
    officer = old.get_model("auth", "User").objects.using(SCRATCH).create(username="officer")
    officer.user_permissions.add(
        Permission.objects.using(SCRATCH).get(
            content_type__app_label="scanning", codename="change_scantask"
        )
    )
    assert _codenames(old, group="Petugas Layanan") == {"view_scantask", "add_scantask"}
    count = Permission.objects.using(SCRATCH).count()

    new = _migrate(scratch, AFTER)
    assert _codenames(new, group="Petugas Layanan") == {"view_scanrequest", "add_scanrequest"}
    assert _codenames(new, group="Pustakawan") == {
        "view_scanrequest",
        "add_scanrequest",
        "change_scanrequest",
    }
    assert _codenames(new, username="officer") == {"change_scanrequest"}
    Permission = new.get_model("auth", "Permission")
    assert Permission.objects.using(SCRATCH).count() == count  # renamed, not duplicated
    assert not Permission.objects.using(SCRATCH).filter(codename__endswith="_scantask").exists()
    ContentType = new.get_model("contenttypes", "ContentType")
    models = set(
        ContentType.objects.using(SCRATCH)
        .filter(app_label="scanning")
        .values_list("model", flat=True)
    )
    assert "scanrequest" in models
    assert "scantask" not in models
    tables = scratch.introspection.table_names()
    assert "scanning_scanrequest" in tables
    assert "scanning_scantask" not in tables

    back = _migrate(scratch, BEFORE)
    assert _codenames(back, group="Petugas Layanan") == {"view_scantask", "add_scantask"}
    assert _codenames(back, username="officer") == {"change_scantask"}
