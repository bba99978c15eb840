"""A worker host's copies of the originals its pages come from, kept between page tasks.

Every page task needs its input file locally (the tools read files), and a multi-page
PDF is one input for all its pages: fetched per page, a 400-page 200 MB yearbook would
cross the network 400 times (80 GB) from an S3 bucket, or be copied 400 times from a
shared folder. Originals are content-addressed and never change, so one copy per host
serves every page of it this host reads. A task gets a hard link to the copy in its own
scratch folder, so evicting the copy (oldest use first, past ``INPUT_CACHE_MB``) never
pulls a file from under a running task.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

from django.conf import settings

from catalogue.storage import fetch

CONTENT_ADDRESSED = re.compile(r"^originals/[0-9a-f]{2}/([0-9a-f]{64})(\.\w+)?$")


def cache_folder() -> Path:
    base = Path(settings.SCRATCH_DIR or tempfile.gettempdir())
    folder = base / "pustaka-inputs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def input_copy(name: str, destination: Path) -> Path:
    """The stored original ``name`` at ``destination`` (in the caller's scratch folder),
    fetched from storage at most once per host while it stays in the cache."""
    found = CONTENT_ADDRESSED.match(name)
    limit = settings.INPUT_CACHE_MB * 1024 * 1024
    if found is None or limit <= 0:
        return fetch(name, destination)  # not immutable (or no cache): fetch each time
    folder = cache_folder()
    cached = folder / f"{found.group(1)}{found.group(2) or ''}"
    if not cached.exists():
        part = folder / f".{cached.name}.{uuid.uuid4().hex}.part"
        try:
            fetch(name, part)
            part.chmod(0o444)  # shared by hard links: no task may write to it
            os.replace(part, cached)  # concurrent fetchers of the same original: one wins
        finally:
            part.unlink(missing_ok=True)
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(cached, destination)
    except OSError:  # another file system, or evicted meanwhile: a plain copy
        if not cached.exists():
            return fetch(name, destination)
        shutil.copyfile(cached, destination)
    with contextlib.suppress(OSError):
        os.utime(cached)  # recently used
    evict(folder, limit, keep=cached)
    return destination


def evict(folder: Path, limit: int, *, keep: Path) -> list[Path]:
    """Remove the least recently used copies until the cache holds at most ``limit``."""
    entries = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if not path.name.startswith("."):
                stat = path.stat()
                entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    removed = []
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        if path != keep:
            path.unlink(missing_ok=True)
            total -= size
            removed.append(path)
    return removed
