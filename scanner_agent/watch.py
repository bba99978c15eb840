"""``watch DIR``: a hot folder for network scanners that save files.

A file (or a sub-folder: one batch per sub-folder, files in name order) is taken once
it is stable: the same size and mtime over two looks ``interval`` seconds apart.
Symlinks are never followed. Each upload uses a client batch id derived from the
file's name, size and mtime, so a retry after a crash or an outage never duplicates.
Success moves the file to ``done/``; a permanent error moves it to ``failed/`` with a
``.error.txt`` beside it; an unreachable server leaves it in place for the next pass.

A PDF goes up whole as one part (the API takes a document as a "page": its pages all go
in at that position); the server reads it, so whether it opens (a password, damage) is
the job's verdict, not the agent's. Multi-page TIFFs are still split here, frame by frame,
so that every page the server gets is a plain image.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from scanner_agent import wire
from scanner_agent.client import AgentClient
from scanner_agent.errors import ScannerAgentError, ServerUnreachableError

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
PDF_TYPE = "application/pdf"
ACCEPTED = {*IMAGE_TYPES, ".pdf"}
SKIP_DIRS = {"done", "failed"}
NAMESPACE = uuid.UUID("6f1c5a3e-3f4b-4c1a-9d6e-5a7b1e2c9f10")

Signature = tuple[int, int]


@dataclass
class WatchReport:
    done: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    offline: ServerUnreachableError | None = None


class PermanentError(Exception):
    """This file can never be accepted as it is (unsupported type, unreadable)."""


class HotFolder:
    def __init__(self, folder: Path, client: AgentClient, *, title_prefix: str = "") -> None:
        self.folder = folder
        self.client = client
        self.title_prefix = title_prefix
        self.seen: dict[str, Signature] = {}

    def look(self) -> dict[Path, Signature]:
        """Candidates and their signature; a sub-folder's is the sum over its files."""
        found: dict[Path, Signature] = {}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.is_symlink():
                    continue
                if entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    found[Path(entry.path)] = (stat.st_size, stat.st_mtime_ns)
                elif entry.is_dir(follow_symlinks=False) and entry.name not in SKIP_DIRS:
                    files = _folder_files(Path(entry.path))
                    stats = [f.stat(follow_symlinks=False) for f in files]
                    found[Path(entry.path)] = (
                        sum(s.st_size for s in stats) + len(stats),
                        max((s.st_mtime_ns for s in stats), default=0),
                    )
        return found

    def pass_once(self, report: WatchReport) -> None:
        """Process what has been stable since the previous look."""
        current = self.look()
        for path, signature in sorted(current.items()):
            if self.seen.get(str(path)) != signature or signature[0] == 0:
                report.waiting.append(path.name)
                continue
            self._take(path, signature, report)
            if report.offline:
                break
        self.seen = {str(path): sig for path, sig in current.items()}

    def _take(self, path: Path, signature: Signature, report: WatchReport) -> None:
        try:
            pages = _pages(path)
            self._upload(path, signature, pages)
        except ServerUnreachableError as exc:
            report.offline = exc
            return
        except PermanentError as exc:
            self._move(path, "failed", str(exc))
            report.failed.append((path.name, str(exc)))
            return
        except ScannerAgentError as exc:
            reason = f"{exc.message_id}\n{exc.message_en}\n({exc.detail})"
            self._move(path, "failed", reason)
            report.failed.append((path.name, reason))
            return
        self._move(path, "done", None)
        report.done.append(path.name)

    def _upload(self, path: Path, signature: Signature, pages: list[tuple[bytes, str]]) -> None:
        key = f"{path.name}:{signature[0]}:{signature[1]}"
        request: wire.BatchCreate = {
            "client_batch_id": str(uuid.uuid5(NAMESPACE, key)),
            "title": f"{self.title_prefix}{path.stem}",
            "publication_id": None,
            "scan_task_id": None,
            "device": "hot-folder",
            "profile": "hot-folder",
            "source": "adf",
            "resolution": _resolution(*pages[0]),
            "mode": _mode(*pages[0]),
        }
        batch = self.client.create_batch(request)
        for number, (content, content_type) in enumerate(pages, start=1):
            digest = hashlib.sha256(content).hexdigest()
            self.client.put_page(batch["id"], number, content, digest, content_type)
        self.client.close_batch(batch["id"], len(pages))

    def _move(self, path: Path, outcome: str, reason: str | None) -> None:
        target_dir = self.folder / outcome
        target_dir.mkdir(exist_ok=True)
        target = target_dir / path.name
        if target.exists():
            target = target_dir / f"{path.stem}-{time.strftime('%Y%m%d%H%M%S')}{path.suffix}"
        shutil.move(str(path), target)
        if reason is not None:
            target.with_name(target.name + ".error.txt").write_text(reason + "\n")


def _folder_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.iterdir()
        if not path.is_symlink() and path.is_file() and not path.name.startswith(".")
    )


def _pages(path: Path) -> list[tuple[bytes, str]]:
    """The pages a file or sub-folder holds, as (content, content type)."""
    files = _folder_files(path) if path.is_dir() else [path]
    if not files:
        raise PermanentError("folder is empty / folder kosong")
    pages: list[tuple[bytes, str]] = []
    for file in files:
        pages += _file_pages(file)
    return pages


def _file_pages(file: Path) -> list[tuple[bytes, str]]:
    suffix = file.suffix.lower()
    if suffix == ".pdf":
        return [_pdf(file)]
    if suffix not in IMAGE_TYPES:
        raise PermanentError(
            f"{file.name}: jenis berkas tidak didukung / unsupported file type ({suffix or '-'})"
        )
    content = file.read_bytes()
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            frames = getattr(image, "n_frames", 1)
            if frames == 1:
                return [(content, IMAGE_TYPES[suffix])]
            return [_png(frame) for frame in ImageSequence.Iterator(image)]  # multi-page TIFF
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise PermanentError(
            f"{file.name}: gambar rusak atau tidak terbaca / damaged or unreadable image ({exc})"
        ) from exc


def _pdf(file: Path) -> tuple[bytes, str]:
    """The whole PDF as one part; only its header is checked here (the server sniffs too)."""
    content = file.read_bytes()
    if b"%PDF-" not in content[:1024]:
        raise PermanentError(
            f"{file.name}: bukan berkas PDF meski bernama .pdf / not a PDF file despite its name"
        )
    return content, PDF_TYPE


def _png(frame: Image.Image) -> tuple[bytes, str]:
    out = io.BytesIO()
    frame.save(out, "PNG", dpi=frame.info.get("dpi", (300, 300)))
    return out.getvalue(), "image/png"


def _resolution(content: bytes, content_type: str) -> int:
    if content_type == PDF_TYPE:
        return 300  # a PDF has no one resolution; the batch's is only a label for it
    with Image.open(io.BytesIO(content)) as image:
        dpi = image.info.get("dpi", (300, 300))
    return max(1, round(float(dpi[0])))


def _mode(content: bytes, content_type: str) -> str:
    if content_type == PDF_TYPE:
        return ""
    with Image.open(io.BytesIO(content)) as image:
        return {"1": "Lineart", "L": "Gray"}.get(image.mode, "Color")


def watch(
    folder: Path,
    client: AgentClient,
    *,
    interval: float = 2.0,
    once: bool = False,
    on_report: Callable[[WatchReport], None] = lambda report: None,
) -> WatchReport:
    """Watch until interrupted; ``once``: two looks ``interval`` apart, one pass, return."""
    hot = HotFolder(folder, client)
    hot.seen = {str(path): sig for path, sig in hot.look().items()}
    while True:
        time.sleep(interval)
        report = WatchReport()
        hot.pass_once(report)
        on_report(report)
        if once:
            return report
