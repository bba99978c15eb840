"""The durable spool: atomic manifest, orphan pages adopted after a crash, full disk."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from scanner_agent.errors import BatchNotFoundError, DiskFullError
from scanner_agent.spool import Spool
from tests.scanner_agent.test_agent_client import batch_request


def test_pages_and_manifest_survive_a_reload(spool_dir: Path) -> None:
    spool = Spool(spool_dir)
    batch = spool.create_batch(batch_request(), server="http://portal")
    batch.add_page(1, b"one", "image/png")
    batch.add_page(2, b"two", "image/jpeg", blank=True)
    batch.mark_uploaded(1)
    again = spool.load(batch.id)
    assert [(p.number, p.file, p.uploaded, p.blank) for p in again.manifest.pages] == [
        (1, "0001.png", True, False),
        (2, "0002.jpg", False, True),
    ]
    assert again.page(2).sha256 == hashlib.sha256(b"two").hexdigest()
    assert [p.number for p in again.pending()] == [2]
    assert not list(batch.folder.rglob(".*.tmp"))


def test_a_page_written_just_before_a_crash_is_adopted(spool_dir: Path) -> None:
    spool = Spool(spool_dir)
    batch = spool.create_batch(batch_request())
    batch.add_page(1, b"one", "image/png")
    (batch.pages_dir / "0002.png").write_bytes(b"two")  # file renamed, manifest not yet
    again = spool.load(batch.id)
    assert [p.number for p in again.pending()] == [1, 2]
    assert json.loads((batch.folder / "manifest.json").read_text())["pages"][1]["number"] == 2


def test_a_full_disk_is_a_clear_error_and_keeps_what_was_written(
    spool_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = Spool(spool_dir)
    batch = spool.create_batch(batch_request())
    batch.add_page(1, b"one", "image/png")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(DiskFullError) as error:
        batch.add_page(2, b"two", "image/png")
    monkeypatch.undo()
    assert "penuh" in error.value.message_id
    assert "full" in error.value.message_en
    again = spool.load(batch.id)
    assert [p.number for p in again.manifest.pages] == [1]
    assert sorted(path.name for path in batch.pages_dir.iterdir()) == ["0001.png"]


def test_find_by_prefix_or_server_id(spool_dir: Path) -> None:
    spool = Spool(spool_dir)
    batch = spool.create_batch(batch_request())
    batch.update(server_batch_id=42)
    assert spool.find(batch.id[:8]).id == batch.id
    assert spool.find("42").id == batch.id
    with pytest.raises(BatchNotFoundError):
        spool.find("nothing")


def test_default_root_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PUSTAKA_AGENT_SPOOL", str(tmp_path / "s"))
    assert Spool().root == tmp_path / "s"
    monkeypatch.delenv("PUSTAKA_AGENT_SPOOL")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert Spool().root == tmp_path / "data" / "pustaka-agent" / "spool"
