"""A small tmpfs mounted for a fault test or benchmark: a disk that really fills up.

Needs root (``mount``); unmounted whatever happens, lazily if something still holds it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def mounted_tmpfs(path: Path, *, size_bytes: int) -> Iterator[Path]:
    """Mount a tmpfs of ``size_bytes`` at ``path`` (created), yield it, unmount it."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_bytes},mode=0755", "tmpfs", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    try:
        yield path
    finally:
        done = subprocess.run(["umount", str(path)], capture_output=True, timeout=30)
        if done.returncode != 0:
            subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


def free_bytes(path: Path) -> int:
    stats = os.statvfs(path)
    return stats.f_bavail * stats.f_frsize


def fill(path: Path, *, leave_bytes: int = 0) -> Path:
    """Fill the file system under ``path`` until between ``leave_bytes`` and
    ``leave_bytes`` + 4 KiB remain free (whole pages only: a partial page takes a page)."""
    filler = path / "filler.bin"
    chunk = b"\0" * (64 * 1024)
    with filler.open("ab") as handle:
        while (room := (free_bytes(path) - leave_bytes) // 4096 * 4096) > 0:
            try:
                handle.write(chunk[: min(len(chunk), room)])
                handle.flush()
            except OSError:
                break
    return filler
