"""What makes a backup trustworthy: verify finds damage, restore refuses damaged archives and
non-empty installations, and a backup taken while people work is consistent."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backups.errors import ArchiveCorruptError, BackupFolderError, InstallationNotEmptyError
from backups.layout import BackupFolder, resolve_archive
from backups.references import read_facts
from backups.restore import backup_restore
from backups.selectors import backup_list, backup_verify
from backups.services import backup_create
from catalogue.models import Publication
from catalogue.storage import store_content_addressed
from tests.backups.library import cadangan, stored_library
from tests.conftest import REPO_ROOT
from tests.search.builders import publication

pytestmark = [pytest.mark.django_db(transaction=True)]

PUSTAKA = [sys.executable, "-m", "portal.cli"]  # this tree's code, not the installed one


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path: Path, own_search_flushes: None) -> None:
    """A storage folder of this test's own (no worker reads it)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_verify_finds_a_flipped_byte_and_restore_refuses_the_archive(tmp_path: Path) -> None:
    stored_library(tmp_path)
    archive = backup_create(dest=cadangan(tmp_path)).path
    call_command("backup", "--verify", str(archive))  # intact: no error

    manifest = json.loads((archive / "manifest.json").read_text())["files"]
    victim = next(name for name in manifest if name.startswith("thumbnails/"))
    _flip_byte(BackupFolder(cadangan(tmp_path)).object_path(manifest[victim]["sha256"]))
    with pytest.raises(CommandError) as refused:
        call_command("backup", "--verify", str(archive))
    assert refused.value.returncode == 65
    assert victim in "\n".join(backup_verify(archive).problems)

    fresh = tmp_path / "baru"
    env = {"PUSTAKA_VAR_DIR": str(fresh), "DATABASE_URL": "", "PUSTAKA_STORAGE_ROOT": ""}
    result = subprocess.run(
        [*PUSTAKA, "restore", str(archive), "--no-reindex"],
        env={**os.environ, **env},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 65, result.stderr
    assert "Arsip cadangan rusak" in result.stderr  # Indonesian first
    assert "damaged or incomplete; nothing was restored" in result.stderr
    assert not (fresh / "storage").exists() or not any((fresh / "storage").rglob("*.*"))


def test_a_damaged_database_copy_or_an_interrupted_backup_is_never_taken_for_good(
    tmp_path: Path,
) -> None:
    publication("Kota Pariaman Dalam Angka 2024")
    archive = backup_create(dest=cadangan(tmp_path)).path
    _flip_byte(archive / "database.sqlite3")
    assert any("database" in p for p in backup_verify(archive).problems)

    half_done = cadangan(tmp_path) / "snapshots" / "pustaka-20260101T000000Z"
    half_done.mkdir()
    (half_done / "database.sqlite3").write_bytes(b"partial")
    assert [s.name for s in backup_list(cadangan(tmp_path))] == [archive.name]
    with pytest.raises(ArchiveCorruptError, match=r"backup\.json is missing"):
        resolve_archive(half_done, tmp_path)


def test_a_missing_backup_folder_is_an_error_not_a_folder_on_the_internal_disk(
    tmp_path: Path, settings
) -> None:
    settings.BACKUP_DIR = tmp_path / "media" / "usb" / "pustaka"  # the disk is not plugged in
    with pytest.raises(BackupFolderError) as refused:
        backup_create()  # what the nightly task runs
    assert "USB" in refused.value.message_id
    assert not settings.BACKUP_DIR.exists()
    typed = tmp_path / "cadangan-baru"  # a folder given on the command line is made
    assert backup_create(dest=typed).path.parent == typed / "snapshots"


def test_restore_refuses_an_installation_that_holds_records(tmp_path: Path) -> None:
    publication("Statistik Daerah Kota Pariaman 2023")
    archive = backup_create(dest=cadangan(tmp_path)).path
    with pytest.raises(InstallationNotEmptyError) as refused:
        backup_restore(archive=archive, reindex=False)
    assert refused.value.exit_code == 4
    assert "--force" in refused.value.message_en
    assert Publication.objects.count() == 1  # nothing was touched


def test_a_backup_taken_while_people_write_is_consistent(tmp_path: Path) -> None:
    library = stored_library(tmp_path)
    publications_before = Publication.objects.count()
    late = tmp_path / "late.png"
    late.write_bytes(b"\x89PNG not really, but bytes written after the snapshot")
    stop = threading.Event()
    written_late: list[str] = []

    def desk_keeps_writing() -> None:  # another connection, as the portal would be
        from django.db import connections

        n = 0
        while not stop.is_set():
            publication(f"Berita Resmi Statistik No. {n}")
            n += 1
        connections.close_all()

    def after_database(line: str) -> None:
        if line.startswith("database"):  # between the database copy and the files
            written_late.append(store_content_addressed(late, prefix="originals", suffix=".png")[0])
            thumb = library.publications[0].softcopies.get().pages.get(number=1).thumbnail
            _flip_byte(Path(tmp_path / "storage" / thumb))  # a thumbnail re-made meanwhile

    writer = threading.Thread(target=desk_keeps_writing)
    writer.start()
    try:
        result = backup_create(dest=cadangan(tmp_path), progress=after_database)
    finally:
        stop.set()
        writer.join()

    assert backup_verify(result.path).ok
    assert result.missing == []
    manifest = json.loads((result.path / "manifest.json").read_text())["files"]
    copy = sqlite3.connect(result.path / "database.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    tables = [r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    facts = read_facts(copy.cursor(), tables)
    copy.close()
    assert facts.required <= set(manifest)  # every file the copied records name is there
    assert written_late
    assert written_late[0] not in manifest  # written after the copy: the next backup's
    assert facts.counts["catalogue_publication"] >= publications_before
    assert Publication.objects.count() > facts.counts["catalogue_publication"]  # later writes


def test_an_object_left_damaged_by_an_interrupted_backup_is_copied_again(tmp_path: Path) -> None:
    library = stored_library(tmp_path)
    softcopy = library.publications[0].softcopies.get()
    folder = BackupFolder(cadangan(tmp_path))
    left_over = folder.object_path(softcopy.sha256)  # renamed in, never synced: zeros
    left_over.parent.mkdir(parents=True)
    left_over.write_bytes(bytes(softcopy.size_bytes))
    result = backup_create(dest=folder.root)
    assert folder.object_path(softcopy.sha256).read_bytes() != bytes(softcopy.size_bytes)
    assert backup_verify(result.path).ok


def test_restore_onto_a_full_storage_disk_says_so_in_both_languages(tmp_path: Path) -> None:
    from bench.tmpfs import fill, mounted_tmpfs

    stored_library(tmp_path)
    archive = backup_create(dest=cadangan(tmp_path)).path
    fresh = tmp_path / "baru"
    with mounted_tmpfs(tmp_path / "disk", size_bytes=256 * 1024) as disk:
        fill(disk)  # the filler sits beside the (empty) storage folder, on the same disk
        env = {
            "PUSTAKA_VAR_DIR": str(fresh),
            "DATABASE_URL": "",
            "PUSTAKA_STORAGE_ROOT": str(disk / "storage"),
        }
        result = subprocess.run(
            [*PUSTAKA, "restore", str(archive), "--no-reindex"],
            env={**os.environ, **env},
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 75, result.stderr[-3000:]  # try again with room
        assert "Penyimpanan penuh" in result.stderr
        assert "Storage is full" in result.stderr
        assert not list(disk.rglob("*.part"))  # no half-written file
