"""The durable local spool: every captured page is on disk before it goes anywhere.

Layout: ``<root>/batches/<client_batch_id>/manifest.json`` and ``pages/NNNN.<ext>``.
Each file is written to a temporary name, fsync'd, renamed into place and its folder
fsync'd, so a crash at any moment leaves either the old or the new file, never half of
one. A page file is written before the manifest names it; a page file the manifest does
not name yet (a crash between the two) is adopted when the batch is loaded again.
Re-uploading is always safe: the server is idempotent on (batch, page number, sha256).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scanner_agent import wire
from scanner_agent.errors import BatchNotFoundError, DiskFullError, SpoolError

MANIFEST = "manifest.json"
PAGE_NAME = re.compile(r"^(\d{4,})\.(png|jpg|tif)$")
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/tiff": "tif"}
CONTENT_TYPES = {ext: ctype for ctype, ext in EXTENSIONS.items()}


def default_root() -> Path:
    """``$PUSTAKA_AGENT_SPOOL``, else ``$XDG_DATA_HOME/pustaka-agent/spool``."""
    if env := os.environ.get("PUSTAKA_AGENT_SPOOL"):
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "pustaka-agent" / "spool"


def write_durably(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and durably (temp + fsync + rename + fsync dir).

    A full disk raises :class:`DiskFullError` and leaves no temp file and the previous
    content of ``path`` (if any) untouched.
    """
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with tmp.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFullError(f"{path}: {exc}") from exc
        raise SpoolError(f"{path}: {exc}") from exc


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class SpooledPage:
    number: int
    file: str
    sha256: str
    size: int
    content_type: str
    uploaded: bool = False
    blank: bool = False  # flagged for review by the ink-coverage test; uploaded anyway
    held: bool = False  # waiting for collation (manual duplex): not uploaded yet


@dataclass
class Manifest:
    client_batch_id: str
    request: dict[str, Any]
    server: str = ""
    server_batch_id: int | None = None
    created_at: str = ""
    pages: list[SpooledPage] = field(default_factory=list)
    capture_complete: bool = False  # every page of this batch has been captured
    interrupted: str = ""  # why capture stopped early (a fault), for `status`
    closed: bool = False  # closed on the server
    # The station's arrangement: captured page numbers in reading order (pages left out
    # were deleted or replaced and are never sent). None: every page, by number (the CLI).
    order: list[int] | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        pages = [SpooledPage(**page) for page in data.pop("pages", [])]
        return cls(pages=pages, **data)


class SpoolBatch:
    """One batch in the spool; thread-safe (capture and upload threads share it)."""

    def __init__(self, folder: Path, manifest: Manifest) -> None:
        self.folder = folder
        self.manifest = manifest
        self._lock = threading.RLock()

    @property
    def id(self) -> str:
        return self.manifest.client_batch_id

    @property
    def pages_dir(self) -> Path:
        return self.folder / "pages"

    def save(self) -> None:
        with self._lock:
            body = json.dumps(asdict(self.manifest), ensure_ascii=False, indent=1)
            write_durably(self.folder / MANIFEST, body.encode())

    def add_page(
        self,
        number: int,
        content: bytes,
        content_type: str,
        *,
        blank: bool = False,
        held: bool = False,
        at: int | None = None,
    ) -> SpooledPage:
        """Store page ``number`` durably, then record it (and its sha256) in the manifest.

        With an arrangement (a station's batch), the page joins it at index ``at``
        (default: the end).
        """
        name = f"{number:04d}.{EXTENSIONS[content_type]}"
        write_durably(self.pages_dir / name, content)
        page = SpooledPage(
            number=number,
            file=name,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            content_type=content_type,
            blank=blank,
            held=held,
        )
        with self._lock:
            self.manifest.pages = [p for p in self.manifest.pages if p.number != number]
            self.manifest.pages.append(page)
            self.manifest.pages.sort(key=lambda p: p.number)
            order = self.manifest.order
            if order is not None and number not in order:
                order.insert(len(order) if at is None else at, number)
            self.save()
        return page

    def page(self, number: int) -> SpooledPage:
        with self._lock:
            return next(p for p in self.manifest.pages if p.number == number)

    def read_page(self, page: SpooledPage) -> bytes:
        return (self.pages_dir / page.file).read_bytes()

    def update(self, **changes: Any) -> None:
        """Set manifest fields and save, atomically with respect to other threads."""
        with self._lock:
            for key, value in changes.items():
                setattr(self.manifest, key, value)
            self.save()

    def mark_uploaded(self, number: int) -> None:
        with self._lock:
            self.page(number).uploaded = True
            self.save()

    def release_held(self) -> None:
        with self._lock:
            for page in self.manifest.pages:
                page.held = False
            self.save()

    def next_number(self) -> int:
        with self._lock:
            return max((p.number for p in self.manifest.pages), default=0) + 1

    def arrangement(self) -> list[int]:
        """Page numbers in reading order: the station's arrangement, else all by number."""
        with self._lock:
            if self.manifest.order is not None:
                return list(self.manifest.order)
            return [p.number for p in self.manifest.pages if not p.held]

    def arrange(self, order: list[int]) -> None:
        """Set the reading order (numbers of captured pages; the rest are not sent)."""
        with self._lock:
            known = {p.number for p in self.manifest.pages}
            if len(set(order)) != len(order) or not set(order) <= known:
                raise SpoolError(f"order {order} is not a list of distinct captured pages")
            self.manifest.order = list(order)
            self.save()

    def pending(self) -> list[SpooledPage]:
        """Pages captured, not held, kept in the arrangement, not yet confirmed by the server."""
        with self._lock:
            kept = None if self.manifest.order is None else set(self.manifest.order)
            return [
                p
                for p in self.manifest.pages
                if not p.uploaded and not p.held and (kept is None or p.number in kept)
            ]

    def summary(self) -> dict[str, Any]:
        with self._lock:
            m = self.manifest
            return {
                "client_batch_id": m.client_batch_id,
                "server_batch_id": m.server_batch_id,
                "title": m.request.get("title", ""),
                "created_at": m.created_at,
                "pages_captured": len(m.pages),
                "pages_uploaded": sum(p.uploaded for p in m.pages),
                "pages_blank": [p.number for p in m.pages if p.blank],
                "pages_held": sum(p.held for p in m.pages),
                "megabytes": round(sum(p.size for p in m.pages) / 1e6, 2),
                "capture_complete": m.capture_complete,
                "interrupted": m.interrupted,
                "closed": m.closed,
            }

    def adopt_orphans(self) -> None:
        """Record page files written just before a crash, before the manifest named them."""
        known = {p.file for p in self.manifest.pages}
        if not self.pages_dir.is_dir():
            return
        for path in sorted(self.pages_dir.iterdir()):
            match = PAGE_NAME.match(path.name)
            if match is None or path.name in known:
                continue
            content = path.read_bytes()
            self.manifest.pages.append(
                SpooledPage(
                    number=int(match.group(1)),
                    file=path.name,
                    sha256=hashlib.sha256(content).hexdigest(),
                    size=len(content),
                    content_type=CONTENT_TYPES[match.group(2)],
                )
            )
            self.manifest.pages.sort(key=lambda p: p.number)
            self.save()


class Spool:
    """All batches under one root folder."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_root()
        self.batches_dir = self.root / "batches"

    def create_batch(self, request: wire.BatchCreate, *, server: str = "") -> SpoolBatch:
        try:
            self.batches_dir.mkdir(parents=True, exist_ok=True)
            folder = self.batches_dir / request["client_batch_id"]
            (folder / "pages").mkdir(parents=True)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFullError(str(exc)) from exc
            raise SpoolError(str(exc)) from exc
        manifest = Manifest(
            client_batch_id=request["client_batch_id"],
            request=dict(request),
            server=server,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        batch = SpoolBatch(folder, manifest)
        batch.save()
        fsync_dir(self.batches_dir)
        return batch

    def load(self, client_batch_id: str) -> SpoolBatch:
        folder = self.batches_dir / client_batch_id
        try:
            data = json.loads((folder / MANIFEST).read_text())
        except FileNotFoundError as exc:
            raise BatchNotFoundError(f"{client_batch_id} in {self.batches_dir}") from exc
        except (OSError, ValueError) as exc:
            raise SpoolError(f"{folder / MANIFEST}: {exc}") from exc
        batch = SpoolBatch(folder, Manifest.from_json(data))
        batch.adopt_orphans()
        return batch

    def find(self, key: str) -> SpoolBatch:
        """A batch by client batch id, a unique prefix of it, or its server batch id."""
        matches = [
            batch
            for batch in self.batches()
            if batch.id.startswith(key) or str(batch.manifest.server_batch_id) == key
        ]
        if len(matches) != 1:
            raise BatchNotFoundError(f"{key!r} matches {len(matches)} batches")
        return matches[0]

    def discard_if_empty(self, batch: SpoolBatch) -> bool:
        """Remove a batch that holds no page and is unknown to the server."""
        if batch.manifest.pages or batch.manifest.server_batch_id is not None:
            return False
        if _has_page_files(batch.folder):
            return False
        shutil.rmtree(batch.folder, ignore_errors=True)
        return True

    def remove(self, batch: SpoolBatch) -> None:
        shutil.rmtree(batch.folder, ignore_errors=True)

    def batches(self) -> Iterator[SpoolBatch]:
        """Every batch, oldest first (a folder without a manifest is skipped)."""
        if not self.batches_dir.is_dir():
            return
        loaded = []
        for folder in self.batches_dir.iterdir():
            if folder.is_dir() and (folder / MANIFEST).is_file():
                loaded.append(self.load(folder.name))
        yield from sorted(loaded, key=lambda b: (b.manifest.created_at, b.id))


def _has_page_files(folder: Path) -> bool:
    return any(path.is_file() and path.name != MANIFEST for path in folder.rglob("*"))


def new_client_batch_id() -> str:
    return str(uuid.uuid4())
