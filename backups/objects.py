"""The object store: each stored file once, named by its sha256, hash-checked both ways.

Files go in and out as streams through the Django storage API (a local folder or an S3
bucket alike) and are hashed as they pass, so nothing is read twice.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import uuid
from dataclasses import dataclass
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage

from backups.layout import BackupFolder
from catalogue.storage import CHUNK, sha256_of

# Names that carry their content's sha256 (catalogue.storage.content_name).
CONTENT_ADDRESSED = re.compile(r"^(?:originals|softcopies)/[0-9a-f]{2}/([0-9a-f]{64})(?:\.\w+)?$")
MISSING_RETRIES = 3  # a page re-run or a thumbnail replaces its file: delete, then save


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    copied: bool


class HashingReader:
    """A file-like reader that hashes and counts what passes through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()

    # What storage backends ask of a file before they read it: django-storages' S3Storage
    # checks ``seekable()`` (through Django's File, which reads ``closed``) and would seek
    # back to the start, which a stream that hashes as it goes cannot do.
    @property
    def closed(self) -> bool:
        return bool(getattr(self.raw, "closed", False))

    def seekable(self) -> bool:
        return False


def sha_from_name(name: str) -> str | None:
    match = CONTENT_ADDRESSED.match(name)
    return match.group(1) if match else None


def object_present(folder: BackupFolder, sha256: str, size: int) -> bool:
    path = folder.object_path(sha256)
    try:
        return path.stat().st_size == size
    except FileNotFoundError:
        return False


def object_sound(folder: BackupFolder, sha256: str, size: int, trusted: set[str]) -> bool:
    """Whether an object can be reused without copying its file again.

    Objects of a published snapshot were synced before it was published (trusted); any
    other one may be what a backup cut off by a power cut left behind: it is re-hashed.
    """
    if not object_present(folder, sha256, size):
        return False
    return sha256 in trusted or hash_object(folder.object_path(sha256)) == sha256


def copy_in(folder: BackupFolder, name: str) -> Stored:
    """Copy the stored file ``name`` into the object store (unless its object exists)."""
    tmp = folder.tmp / f"obj-{uuid.uuid4().hex}"
    with _open_stored(name) as source, tmp.open("wb") as target:
        reader = HashingReader(source)
        while chunk := reader.read(CHUNK):
            target.write(chunk)
    sha256, size = reader.hexdigest(), reader.size
    final = folder.object_path(sha256)
    if final.exists() and hash_object(final) == sha256:
        tmp.unlink()
        return Stored(sha256, size, copied=False)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, final)  # new, or replacing one an interrupted backup left damaged
    return Stored(sha256, size, copied=True)


def _open_stored(name: str) -> IO[bytes]:
    for attempt in range(MISSING_RETRIES):
        try:
            handle: IO[bytes] = default_storage.open(name, "rb")
            return handle
        except FileNotFoundError:
            if attempt == MISSING_RETRIES - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise FileNotFoundError(name)


def stored_stat(name: str) -> tuple[int, float] | None:
    """(size, modified timestamp) of a stored file, or None when it is not there."""
    for attempt in range(MISSING_RETRIES):
        try:
            return default_storage.size(name), default_storage.get_modified_time(name).timestamp()
        except FileNotFoundError:
            time.sleep(0.2 * (attempt + 1))
    return None


hash_object = sha256_of  # one hashing rule for storage and backups (catalogue.storage)


def copy_out(folder: BackupFolder, sha256: str, name: str) -> int:
    """Put an object back into storage at ``name``; raise ValueError if its hash differs."""
    if default_storage.exists(name):
        default_storage.delete(name)
    with folder.object_path(sha256).open("rb") as raw:
        reader = HashingReader(raw)
        saved = default_storage.save(name, File(reader, name=name))  # type: ignore[arg-type]
    if reader.hexdigest() != sha256 or saved != name:
        default_storage.delete(saved)
        raise ValueError(f"{name}: object {sha256[:12]}… reads as {reader.hexdigest()[:12]}…")
    return reader.size


def stored_sha256(name: str) -> str | None:
    """The sha256 of a file already in storage (None when absent)."""
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        reader = HashingReader(handle)
        while reader.read(CHUNK):
            pass
    return reader.hexdigest()


def storage_has_files(path: str = "") -> bool:
    """Whether storage holds any file at all (stops at the first one)."""
    try:
        dirs, files = default_storage.listdir(path)
    except FileNotFoundError:
        return False
    if files:
        return True
    return any(storage_has_files(f"{path}{d}/") for d in dirs)


def collect_garbage(folder: BackupFolder, keep: set[str]) -> tuple[int, int]:
    """Delete objects no kept snapshot refers to; return (objects, bytes) removed."""
    removed = freed = 0
    if not folder.objects.is_dir():
        return 0, 0
    for prefix in folder.objects.iterdir():
        for path in prefix.iterdir():
            if path.name not in keep:
                freed += path.stat().st_size
                path.unlink()
                removed += 1
    return removed, freed
