"""A full storage disk (a real, small tmpfs) is a clear error, never a truncated file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.tmpfs import fill, mounted_tmpfs
from catalogue.errors import StorageFullError
from catalogue.storage import local_path, sha256_of, store_at, store_content_addressed


@pytest.fixture
def small_disk(settings, tmp_path: Path) -> Iterator[Path]:
    with mounted_tmpfs(tmp_path / "disk", size_bytes=1024 * 1024) as disk:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(disk / "storage")},
            },
        }
        yield disk


def _bytes(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def test_full_disk_raises_bilingual_error_and_keeps_no_partial_file(
    small_disk: Path, tmp_path: Path
) -> None:
    big = _bytes(tmp_path / "besar.pdf", 2 * 1024 * 1024)
    with pytest.raises(StorageFullError) as caught:
        store_content_addressed(big, prefix="softcopies", suffix=".pdf")
    message = caught.value.user_message()
    assert message["code"] == "storage_full"
    assert message["id"].startswith("Penyimpanan penuh")
    assert message["en"].startswith("Storage is full")
    assert caught.value.http_status == 507
    leftovers = [p for p in (small_disk / "storage").rglob("*") if p.is_file()]
    assert leftovers == []  # no truncated file under the content-addressed name

    small = _bytes(tmp_path / "kecil.pdf", 100 * 1024)
    name, sha256, _ = store_content_addressed(small, prefix="softcopies", suffix=".pdf")
    stored = local_path(name)
    assert stored is not None
    assert sha256_of(stored) == sha256 == sha256_of(small)


def test_replacing_a_file_on_a_full_disk_keeps_the_old_one(
    small_disk: Path, tmp_path: Path
) -> None:
    old = _bytes(tmp_path / "lama.pdf", 64 * 1024)
    name = store_at("jobs/1/pages/0001-0001.pdf", old)
    fill(small_disk, leave_bytes=8 * 1024)
    with pytest.raises(StorageFullError):
        store_at(name, _bytes(tmp_path / "baru.pdf", 256 * 1024))
    stored = local_path(name)
    assert stored is not None
    assert sha256_of(stored) == sha256_of(old)
    assert not list(stored.parent.glob(".*.part"))
