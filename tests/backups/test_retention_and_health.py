"""Retention and pruning of snapshots, the list of file columns, and the health warnings."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import models
from PIL import Image

from backups.layout import BackupFolder, snapshot_dirs
from backups.references import name_columns
from backups.retention import Policy, to_keep
from backups.services import backup_create, backup_prune
from catalogue.storage import store_at
from portal.health.backup import check_backup, check_disk
from portal.health.status import HealthReport
from tests.backups.library import cadangan, catalogue_records

WIB = ZoneInfo("Asia/Jakarta")
DAY = timedelta(days=1)


def test_retention_keeps_the_newest_of_each_recent_day_week_and_month() -> None:
    start = datetime(2026, 1, 1, 2, 30, tzinfo=WIB)
    taken = {f"n{d:03d}": start + timedelta(days=d) for d in range(120)}  # nightly, 4 months
    taken["manual"] = start + timedelta(days=119, hours=10)  # a second one on the last day
    keep = to_keep(taken, Policy(daily=7, weekly=4, monthly=3), now=taken["manual"] + DAY)
    newest_days = {f"n{d:03d}" for d in range(113, 119)} | {"manual"}  # 7 days, newest each
    assert newest_days <= keep
    assert "n119" not in keep  # the same day's later backup counts for that day
    sundays = {n for n, t in taken.items() if t.isoweekday() == 7 and n.startswith("n")}
    assert len(keep & sundays) >= 3  # older weeks keep their last (Sunday) backup
    assert "n058" in keep  # 2026-02-28, the last of February
    assert "n000" not in keep
    assert len(keep) <= 7 + 4 + 3
    # everything of the last 24 hours stays (a manual backup does not replace the nightly)
    assert {"n119", "manual"} <= to_keep(taken, Policy(), now=taken["manual"] + DAY / 2)


def test_every_file_field_and_stored_name_column_is_backed_up() -> None:
    columns = {(c.table, c.column) for c in name_columns()}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                assert (model._meta.db_table, f.column) in columns
    assert ("catalogue_jobinput", "stored_name") in columns
    assert ("catalogue_page", "thumbnail") in columns


@pytest.fixture
def storage(settings, tmp_path: Path, own_search_flushes: None) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }
    return tmp_path / "storage"


@pytest.mark.django_db(transaction=True)
def test_prune_drops_old_snapshots_and_the_objects_only_they_used(
    storage: Path, tmp_path: Path
) -> None:
    cover = catalogue_records()[0].cover.name
    folder = BackupFolder(cadangan(tmp_path))
    shas = []
    for colour in ("red", "green", "blue"):  # the cover changes between backups
        picture = tmp_path / f"{colour}.png"
        Image.new("RGB", (20, 30), colour).save(picture)
        store_at(cover, picture)
        result = backup_create(dest=folder.root, prune=False)
        manifest = json.loads((result.path / "manifest.json").read_text())["files"]
        shas.append(manifest[cover]["sha256"])
    snapshots = snapshot_dirs(folder)
    for days, path in zip((40, 40, 0), snapshots, strict=True):  # two on one old day
        meta = json.loads((path / "backup.json").read_text())
        meta["finished_at"] = (
            datetime.fromisoformat(meta["finished_at"]) - timedelta(days=days)
        ).isoformat()
        (path / "backup.json").write_text(json.dumps(meta))

    policy = Policy(daily=2, weekly=0, monthly=0, within=timedelta(0))
    pruned = backup_prune(folder=folder, policy=policy)
    assert pruned == [snapshots[0].name]
    assert [p.name for p in snapshot_dirs(folder)] == [snapshots[1].name, snapshots[2].name]
    assert not folder.object_path(shas[0]).exists()  # only the pruned snapshot used it
    assert folder.object_path(shas[1]).exists()
    assert folder.object_path(shas[2]).exists()


@pytest.mark.django_db(transaction=True)
def test_health_warns_without_a_recent_backup_and_on_low_disk_space(
    storage: Path, tmp_path: Path, settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.BACKUP_DIR = cadangan(tmp_path)
    status = check_backup()
    assert (status.ok, status.state) == (True, "warn")
    assert "no backup yet" in status.warning

    backup_create()
    status = check_backup()
    assert status.state == "ok", status.warning
    assert status.detail["age_hours"] < 1
    assert status.detail["same_disk_as_storage"] is True  # both under tmp_path here

    settings.BACKUP_MAX_AGE_HOURS = 0
    assert "older than 0 h" in check_backup().warning
    settings.DISK_MIN_FREE_MB = 10**12
    disk = check_disk()
    assert disk.state == "warn"
    assert {"storage_free_mb", "backup_free_mb"} <= set(disk.detail)
    report = HealthReport([check_backup(), disk]).as_dict()
    assert report["status"] == "ok"  # warnings never take the portal down
    assert report["warnings"] == ["backup", "disk"]
    assert "only" in report["components"]["disk"]["warning"]


@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_is_scheduled_backs_up_and_skips_when_a_backup_runs(
    storage: Path, tmp_path: Path, settings
) -> None:
    from workers.celery import app
    from workers.tasks import backup_nightly

    entry = app.conf.beat_schedule["backup-nightly"]
    assert entry["task"] == "pustaka.backup.nightly"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {30})
    settings.BACKUP_DIR = cadangan(tmp_path)
    done = backup_nightly()
    assert Path(done["path"]).parent == settings.BACKUP_DIR / "snapshots"
    with BackupFolder(settings.BACKUP_DIR).lock():  # a manual backup is running
        assert backup_nightly() == {"skipped": "another backup is running"}
