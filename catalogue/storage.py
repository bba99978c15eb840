"""Files in the shared storage (Django storage API: local folder or S3-compatible).

Originals are content-addressed (``originals/ab/abcd….pdf``): the same bytes are stored
once and never overwritten or deleted by the pipeline.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def content_name(prefix: str, sha256: str, suffix: str) -> str:
    return f"{prefix}/{sha256[:2]}/{sha256}{suffix}"


def store_content_addressed(path: Path, *, prefix: str, suffix: str) -> tuple[str, str, int]:
    """Store ``path`` under its sha256; return (storage name, sha256, size)."""
    sha256 = sha256_of(path)
    name = content_name(prefix, sha256, suffix)
    if not default_storage.exists(name):
        with path.open("rb") as handle:
            saved = default_storage.save(name, File(handle))
        if saved != name:  # a concurrent writer stored the same bytes first
            default_storage.delete(saved)
    return name, sha256, path.stat().st_size


def store_at(name: str, path: Path) -> str:
    """Store ``path`` at exactly ``name``, replacing what was there (idempotent re-runs)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    with path.open("rb") as handle:
        saved = default_storage.save(name, File(handle))
    return str(saved)


def fetch(name: str, destination: Path) -> Path:
    """Copy a stored file to a local path (workers run tools on local files)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as source, destination.open("wb") as target:
        shutil.copyfileobj(source, target, CHUNK)
    return destination


def read_text(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read()).decode("utf-8", errors="replace")


def local_path(name: str) -> Path | None:
    """The absolute path of a stored file when storage is a local folder, else None."""
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:
        return None
