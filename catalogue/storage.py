"""Files in the shared storage (Django storage API: local folder or S3-compatible).

Originals are content-addressed (``originals/ab/abcd….pdf``): the same bytes are stored
once and never overwritten or deleted by the pipeline.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import uuid
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage

from catalogue.errors import StorageFullError
from catalogue.streams import stream

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
        _save_whole(name, path)  # a concurrent writer of the same bytes is harmless
    return name, sha256, path.stat().st_size


def store_at(name: str, path: Path) -> str:
    """Store ``path`` at exactly ``name``, replacing what was there (idempotent re-runs)."""
    return _save_whole(name, path)


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _save_whole(name: str, path: Path) -> str:
    """Write all of ``path`` at ``name`` or nothing: a local file is written beside its
    place and renamed into it, so a full disk never leaves a truncated file (one under a
    content-addressed name would be taken for the real one next time). A full disk
    becomes StorageFullError: bilingual, and the job can be retried."""
    target = local_path(name)
    if target is None:  # object storage: an upload is whole or absent
        if default_storage.exists(name):
            default_storage.delete(name)
        with path.open("rb") as handle:
            saved = str(default_storage.save(name, File(handle)))
        if saved != name:  # a concurrent writer stored the same bytes first
            default_storage.delete(saved)
        return name
    part = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, part)
        mode = getattr(default_storage, "file_permissions_mode", None)
        if mode is not None:
            os.chmod(part, mode)
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        if is_disk_full(exc):
            raise StorageFullError(f"{name}: {exc}") from exc
        raise
    return name


class WholeFileSystemStorage(FileSystemStorage):
    """The local storage folder, where every ``save`` is whole or absent and a full disk
    is StorageFullError (bilingual, HTTP 507), whoever saves: covers, thumbnails, cover
    renditions, restored files — not only the pipeline's ``store_at``.

    Django's own ``_save`` writes straight under the final name, so a disk that fills
    up mid-write leaves a truncated file there (a thumbnail that is then never made
    again, a cover that shows half). Here the bytes go to a hidden part file beside the
    target, which is then hard-linked in under the name (taken only if still free,
    as Django's exclusive create does) and removed.
    """

    def _save(self, name: str, content: File) -> str:
        folder, _, base = name.rpartition("/")
        part = f"{folder}/.{base}.{uuid.uuid4().hex}.part".lstrip("/")
        try:
            written: str = super()._save(part, content)  # type: ignore[misc]
            return self._publish(written, name)
        except OSError as exc:
            Path(self.path(part)).unlink(missing_ok=True)
            if is_disk_full(exc):
                raise StorageFullError(f"{name}: {exc}") from exc
            raise

    def _publish(self, part: str, name: str) -> str:
        """Give the written part file its name: a free one (``get_available_name``)."""
        source = self.path(part)
        while True:
            target = self.path(name)
            try:
                if getattr(self, "_allow_overwrite", False):
                    os.replace(source, target)
                    return name
                os.link(source, target)  # fails if another writer took the name meanwhile
            except FileExistsError:
                name = self.get_available_name(name)
                continue
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise
                os.rename(source, target)  # a file system without hard links
                return name
            os.unlink(source)
            return name


def fetch(name: str, destination: Path) -> Path:
    """Copy a stored file to a local path (workers run tools on local files). From a
    bucket it is one GET written straight to ``destination`` (``S3File`` would first
    spool the whole object to a temporary file)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with destination.open("wb") as target:
        for chunk in stream(name):
            target.write(chunk)
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
