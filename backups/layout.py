"""The backup folder on disk: a shared object store and one folder per snapshot.

```
BACKUP_DIR/
  objects/ab/abcd…            every stored file once, named by its sha256
  snapshots/pustaka-20261202T190000Z/
      database.sqlite3 | database.pgdump   the database, copied online
      manifest.json              storage name -> sha256, size (what the database refers to)
      backup.json                written last: hashes of the two above, versions, counts
  .tmp/                        work in progress; renamed into snapshots/ only when complete
  .lock                        one backup (with its pruning) at a time
```

A snapshot is only ever seen complete: it is built under ``.tmp/`` and renamed into
``snapshots/`` in one step, and every file is fsynced first (power cuts happen).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backups.errors import (
    ArchiveCorruptError,
    ArchiveNotFoundError,
    BackupBusyError,
    BackupFolderError,
)

FORMAT = 1
PREFIX = "pustaka-"
META = "backup.json"
MANIFEST = "manifest.json"
SQLITE_DUMP = "database.sqlite3"
PG_DUMP = "database.pgdump"


@dataclass(frozen=True)
class BackupFolder:
    root: Path

    @property
    def objects(self) -> Path:
        return self.root / "objects"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def tmp(self) -> Path:
        return self.root / ".tmp"

    def object_path(self, sha256: str) -> Path:
        return self.objects / sha256[:2] / sha256

    def ensure(self) -> None:
        """Create the layout; a folder that cannot be written is a clear error."""
        try:
            for folder in (self.objects, self.snapshots, self.tmp):
                folder.mkdir(parents=True, exist_ok=True)
            probe = self.tmp / f"probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise BackupFolderError(f"{self.root}: {exc}") from exc

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder's lock (non-blocking): two backups never write one folder."""
        handle = (self.root / ".lock").open("a")
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise BackupBusyError(str(self.root)) from exc
            yield
        finally:
            handle.close()

    def clear_tmp(self) -> None:
        """Remove what an interrupted backup left (call with the lock held)."""
        if self.tmp.is_dir():
            for leftover in self.tmp.iterdir():
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)


def snapshot_name(now: datetime, taken: set[str]) -> str:
    base = f"{PREFIX}{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def snapshot_dirs(folder: BackupFolder) -> list[Path]:
    """Complete snapshots, oldest first (names sort by time)."""
    if not folder.snapshots.is_dir():
        return []
    return sorted(
        p for p in folder.snapshots.iterdir() if p.name.startswith(PREFIX) and (p / META).is_file()
    )


def folder_of(snapshot: Path) -> BackupFolder:
    return BackupFolder(snapshot.parent.parent)


def resolve_archive(archive: str | Path, default_root: Path) -> Path:
    """An archive given as a path, as a snapshot name in the backup folder, or "latest"."""
    path = Path(archive).expanduser()
    if (path / META).is_file():
        return path.resolve()
    folder = BackupFolder(default_root)
    if str(archive) == "latest":
        found = snapshot_dirs(folder)
        if found:
            return found[-1]
    elif (folder.snapshots / str(archive) / META).is_file():
        return folder.snapshots / str(archive)
    if path.is_dir() and path.name.startswith(PREFIX):
        raise ArchiveCorruptError(f"{path}: {META} is missing (an interrupted backup?)")
    raise ArchiveNotFoundError(str(archive))


def read_meta(snapshot: Path) -> dict[str, Any]:
    try:
        meta: dict[str, Any] = json.loads((snapshot / META).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ArchiveNotFoundError(str(snapshot)) from exc
    except (ValueError, OSError) as exc:
        raise ArchiveCorruptError(f"{snapshot / META}: {exc}") from exc
    if meta.get("format") != FORMAT:
        raise ArchiveCorruptError(f"{snapshot / META}: unknown format {meta.get('format')!r}")
    return meta


def write_json(path: Path, data: Any) -> None:
    """Write JSON and fsync it (the caller renames the folder into place afterwards)."""
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())


def fsync_path(path: Path) -> None:
    """fsync a file or a folder (a rename is durable only once its folder is synced)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(work: Path, final: Path) -> None:
    """Move a finished snapshot into place in one rename, durably.

    One ``sync`` first puts every object copied for it on the disk (one flush instead of
    one per file: thousands of thumbnails on a USB disk), then the rename is synced.
    """
    os.sync()
    for child in work.iterdir():
        fsync_path(child)
    fsync_path(work)
    os.replace(work, final)
    fsync_path(final.parent)
