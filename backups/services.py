"""Writes: make a snapshot while the library keeps working, and prune old ones.

Order matters for consistency: the database is copied first (one consistent read), then
exactly the files that copy refers to. Files are content-addressed in the object store,
so a file already there is not copied again — a nightly backup copies only what is new.
"""

from __future__ import annotations

import json
import platform
import shutil
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.utils import timezone

from backups import database
from backups.errors import ArchiveCorruptError, BackupFolderError
from backups.layout import (
    FORMAT,
    MANIFEST,
    META,
    BackupFolder,
    publish,
    read_meta,
    snapshot_dirs,
    snapshot_name,
    write_json,
)
from backups.objects import (
    collect_garbage,
    copy_in,
    hash_object,
    object_sound,
    sha_from_name,
    stored_stat,
)
from backups.retention import Policy, to_keep
from backups.selectors import load_manifest

Progress = Callable[[str], None]
# Settings a restore should know about (never secrets).
RECORDED_SETTINGS = (
    "STORAGE_BACKEND",
    "TIME_ZONE",
    "LANGUAGE_CODE",
    "MEILISEARCH_INDEX_PREFIX",
    "SEARCH_FULLTEXT_REQUIRES_LOGIN",
    "VISITOR_RETENTION_DAYS",
    "PATRON_INACTIVE_DAYS",
    "FEEDBACK_CONTACT_RETENTION_DAYS",
)


@dataclass
class BackupResult:
    path: Path
    files: int = 0
    bytes: int = 0
    copied_files: int = 0
    copied_bytes: int = 0
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0
    pruned: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"path": str(self.path)}


def policy_from_settings() -> Policy:
    return Policy(
        daily=settings.BACKUP_KEEP_DAILY,
        weekly=settings.BACKUP_KEEP_WEEKLY,
        monthly=settings.BACKUP_KEEP_MONTHLY,
        within=timedelta(hours=settings.BACKUP_KEEP_WITHIN_HOURS),
    )


def backup_create(
    *, dest: Path | None = None, prune: bool = True, progress: Progress = lambda _: None
) -> BackupResult:
    """Write a complete snapshot into ``dest`` (default ``BACKUP_DIR``); return its path."""
    folder = BackupFolder(Path(dest or settings.BACKUP_DIR).expanduser().resolve())
    default = Path(settings.VAR_DIR).resolve() / "backups"
    if dest is None and not folder.root.is_dir() and folder.root != default:
        # The unattended nightly backup never creates its folder: on a USB disk that is
        # not mounted it would fill the internal disk instead. A folder typed on the
        # command line (DEST) is made, as asked.
        raise BackupFolderError(f"{folder.root} does not exist (create it once, on the disk)")
    folder.ensure()
    started = time.monotonic()
    with folder.lock():
        folder.clear_tmp()
        previous = _previous_manifest(folder)
        name = snapshot_name(timezone.now(), {p.name for p in snapshot_dirs(folder)})
        work = folder.tmp / name
        work.mkdir()
        begun = timezone.now()
        copy = database.snapshot(work)
        progress(f"database: {copy.vendor}, {sum(copy.facts.counts.values())} rows")
        result = BackupResult(path=folder.snapshots / name)
        manifest = _copy_files(folder, copy.facts.required, copy.facts.optional, previous, result)
        progress(f"files: {result.files}, copied {result.copied_files} ({result.copied_bytes} B)")
        write_json(work / MANIFEST, {"format": FORMAT, "files": manifest})
        result.seconds = round(time.monotonic() - started, 3)
        write_json(work / META, _meta(work, copy, begun, result))
        publish(work, result.path)
        if prune:
            result.pruned = backup_prune(folder=folder, policy=policy_from_settings())
    return result


def _copy_files(
    folder: BackupFolder,
    required: set[str],
    optional: set[str],
    previous: dict[str, dict[str, Any]],
    result: BackupResult,
) -> dict[str, dict[str, Any]]:
    manifest: dict[str, dict[str, Any]] = {}
    trusted = {entry["sha256"] for entry in previous.values()}
    for name in sorted(required | optional):
        stat = stored_stat(name)
        if stat is None:
            if name in required:
                result.missing.append(name)
            continue
        size, mtime = stat
        sha = sha_from_name(name) or _unchanged(previous.get(name), size, mtime)
        if sha is None or not object_sound(folder, sha, size, trusted):
            try:
                stored = copy_in(folder, name)
            except FileNotFoundError:
                if name in required:
                    result.missing.append(name)
                continue
            sha, size = stored.sha256, stored.size
            if stored.copied:
                result.copied_files += 1
                result.copied_bytes += size
        manifest[name] = {"sha256": sha, "size": size, "mtime": mtime}
        result.files += 1
        result.bytes += size
    return manifest


def _unchanged(entry: dict[str, Any] | None, size: int, mtime: float) -> str | None:
    """The previous snapshot's hash of a file whose size and time have not changed."""
    if entry and entry["size"] == size and entry.get("mtime") == mtime:
        return str(entry["sha256"])
    return None


def _previous_manifest(folder: BackupFolder) -> dict[str, dict[str, Any]]:
    for path in reversed(snapshot_dirs(folder)):
        try:
            return load_manifest(path, read_meta(path))
        except (ArchiveCorruptError, KeyError, ValueError, OSError):
            continue
    return {}


def _meta(
    work: Path, copy: database.DatabaseCopy, begun: datetime, result: BackupResult
) -> dict[str, Any]:
    dump = work / copy.filename
    return {
        "format": FORMAT,
        "started_at": begun.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "host": socket.gethostname(),
        "database": {
            "vendor": copy.vendor,
            "file": copy.filename,
            "sha256": hash_object(dump),
            "size": dump.stat().st_size,
            "server_version": copy.server_version,
        },
        "manifest": {
            "file": MANIFEST,
            "sha256": hash_object(work / MANIFEST),
            "files": result.files,
            "bytes": result.bytes,
        },
        "objects": "../../objects",
        "copied": {"files": result.copied_files, "bytes": result.copied_bytes},
        "missing": result.missing,
        "migrations": copy.facts.migrations,
        "counts": copy.facts.counts,
        "versions": {
            "pustaka": _version("pustaka"),
            "django": django.get_version(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "settings": {key: getattr(settings, key, None) for key in RECORDED_SETTINGS},
        "seconds": result.seconds,
    }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def backup_prune(*, folder: BackupFolder, policy: Policy) -> list[str]:
    """Remove snapshots the policy does not keep, then objects no kept snapshot uses.

    The caller holds the folder's lock. If a kept snapshot's manifest cannot be read, no
    object is deleted (it might be one of its files).
    """
    snapshots = snapshot_dirs(folder)
    taken: dict[str, datetime] = {}
    for path in snapshots:
        try:
            taken[path.name] = datetime.fromisoformat(read_meta(path)["finished_at"])
        except (ArchiveCorruptError, KeyError, ValueError):
            continue  # unreadable: neither counted nor deleted
    local = timezone.get_current_timezone()
    keep = to_keep({n: t.astimezone(local) for n, t in taken.items()}, policy, timezone.now())
    pruned = sorted(set(taken) - keep)
    for name in pruned:
        shutil.rmtree(folder.snapshots / name)
    referenced: set[str] = set()
    for path in snapshot_dirs(folder):
        try:
            manifest = load_manifest(path, read_meta(path))
        except (ArchiveCorruptError, KeyError, ValueError, OSError, json.JSONDecodeError):
            return pruned
        referenced.update(entry["sha256"] for entry in manifest.values())
    collect_garbage(folder, referenced)
    return pruned
