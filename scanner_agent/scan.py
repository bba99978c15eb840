"""``scan``: validate, capture page by page into the spool, upload on a background
thread, close. Capture never waits for the network; the spool never loses a page.

Reading order: :func:`run_scan` (set-up and outcome) → :class:`Capture` (the page
loop, cover-sheet splits, manual duplex).
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

from PIL import Image as PILImage
from PIL.Image import Image

from scanner_agent import imaging, sane_device, wire
from scanner_agent.client import AgentClient
from scanner_agent.errors import (
    DuplexCountMismatchError,
    FeederEmptyError,
    InvalidRequestError,
    ScannerAgentError,
    ServerUnreachableError,
)
from scanner_agent.profiles import get_profile
from scanner_agent.scan_request import ScanSettings, validate
from scanner_agent.spool import Spool, SpoolBatch, new_client_batch_id, write_durably
from scanner_agent.upload import Uploader

Prompt = Callable[[str], None]


class PageSink(Protocol):
    """Where Capture hands each spooled page: the upload thread, or a station's syncer."""

    def page_captured(self, batch: SpoolBatch, number: int) -> None: ...

    def batch_finished(self, batch: SpoolBatch) -> None: ...


@dataclass
class ScanOptions:
    server: str
    token: str
    device: str
    profile: str
    source: str = "flatbed"
    pages: int | None = None  # stop after this many pages (None: feeder until empty)
    publication_id: int | None = None
    task_id: int | None = None
    title: str = ""
    spool: Path | None = None
    profiles: Path | None = None
    manual_duplex: bool = False
    resume: str | None = None
    covers: bool = True


@dataclass
class ScanOutcome:
    batches: list[SpoolBatch] = field(default_factory=list)
    fault: ScannerAgentError | None = None
    offline: ServerUnreachableError | None = None
    upload_errors: list[ScannerAgentError] = field(default_factory=list)


def run_scan(
    options: ScanOptions,
    *,
    client: AgentClient | None = None,
    prompt: Prompt | None = None,
    out: TextIO = sys.stderr,
) -> ScanOutcome:
    """Scan one request to the end (or to a fault); pages captured are always spooled."""
    profile = get_profile(options.profile, options.profiles)
    client = client or AgentClient(options.server, options.token)
    scanner = sane_device.open_scanner(options.device)
    try:
        settings = validate(
            options.device,
            scanner.capabilities(),
            profile,
            options.source,
            manual_duplex=options.manual_duplex,
        )
        offline = _check_station(client)
        spool = Spool(options.spool)
        batch = _first_batch(options, settings, spool, client, offline is None)
        scanner.configure(settings)
        uploader = Uploader(client, offline=offline)
        uploader.start()
        capture = Capture(scanner, settings, spool, uploader, options, out, prompt or _ask)
        outcome = ScanOutcome()
        try:
            capture.run(batch, options.pages)
        except ScannerAgentError as exc:
            outcome.fault = exc
        result = uploader.finish()
        for empty in [b for b in capture.batches if spool.discard_if_empty(b)]:
            capture.batches.remove(empty)
        outcome.batches = capture.batches
        outcome.offline = result.offline
        outcome.upload_errors = result.errors
        return outcome
    finally:
        scanner.close()


def _check_station(client: AgentClient) -> ServerUnreachableError | None:
    """A bad token fails now, before scanning; an unreachable server means offline
    (scan anyway, into the spool, without waiting on the network for every page)."""
    try:
        client.station()
    except ServerUnreachableError as exc:
        return exc
    return None


def _first_batch(
    options: ScanOptions,
    settings: ScanSettings,
    spool: Spool,
    client: AgentClient,
    online: bool,
) -> SpoolBatch:
    if options.resume:
        batch = spool.find(options.resume)
        if batch.manifest.closed:
            raise InvalidRequestError(
                f"batch {batch.id} is closed",
                message_id="Batch ini sudah ditutup; mulai batch baru.",
                message_en="This batch is already closed; start a new one.",
            )
        batch.update(capture_complete=False, interrupted="")
        return batch
    title, publication_id = options.title, options.publication_id
    if options.task_id is not None:
        if not online:
            raise ServerUnreachableError("a scan task can only be claimed online")
        task = client.claim_task(options.task_id)
        title = title or task["title"]
        publication_id = publication_id or task["publication_id"]
    return spool.create_batch(
        _batch_request(settings, title, publication_id, options.task_id), server=options.server
    )


def _batch_request(
    settings: ScanSettings, title: str, publication_id: int | None, task_id: int | None
) -> wire.BatchCreate:
    return {
        "client_batch_id": new_client_batch_id(),
        "title": title,
        "publication_id": publication_id,
        "scan_task_id": task_id,
        "device": settings.device,
        "profile": settings.profile,
        "source": settings.source,  # type: ignore[typeddict-item]
        "resolution": settings.resolution,
        "mode": settings.device_mode,
    }


def _ask(message: str) -> None:
    print(message, file=sys.stderr)
    sys.stdin.readline()  # Enter; an empty stdin (a script) does not wait


class Capture:
    """The page loop. Every page goes to the spool first, then to the upload thread."""

    def __init__(
        self,
        scanner: sane_device.Scanner,
        settings: ScanSettings,
        spool: Spool,
        uploader: PageSink,
        options: ScanOptions,
        out: TextIO,
        prompt: Prompt,
        *,
        keep_open: bool = False,
    ) -> None:
        self.keep_open = keep_open  # a station's batch stays open for edits after a run
        self.scanner = scanner
        self.settings = settings
        self.spool = spool
        self.uploader = uploader
        self.options = options
        self.progress = Progress(out)
        self.prompt = prompt
        self.batches: list[SpoolBatch] = []

    def run(self, batch: SpoolBatch, limit: int | None) -> None:
        self.batches.append(batch)
        try:
            if self.settings.manual_duplex:
                self._manual_duplex(batch, limit)
            else:
                self._simplex(batch, limit)
        except ScannerAgentError as exc:
            self.batches[-1].update(interrupted=exc.code)
            raise
        finally:
            self.progress.done()

    # --- simplex (flatbed, ADF, duplex-capable ADF) --------------------------------------

    def _simplex(self, batch: SpoolBatch, limit: int | None) -> None:
        if limit is None and not self.settings.feeder:
            limit = 1  # a flatbed scans one page unless told otherwise
        captured = 0
        while limit is None or captured < limit:
            if captured and not self.settings.feeder:
                self.prompt(NEXT_PAGE_PROMPT)
            image = self._next_image(first=captured == 0)
            if image is None:
                break
            captured += 1
            cover = imaging.read_cover_sheet(image) if self.options.covers else None
            if cover is not None:
                batch = self._split(batch, cover)
                continue
            self._store(batch, batch.next_number(), image)
        self._end(batch)

    def _next_image(self, *, first: bool) -> Image | None:
        """The next page, or None when the feeder ran out after at least one page (an
        empty feeder at the start is a fault, also when resuming: nothing is closed)."""
        try:
            return self.scanner.scan_page()
        except FeederEmptyError:
            if first:
                raise
            return None

    def _split(self, batch: SpoolBatch, cover: imaging.CoverSheet) -> SpoolBatch:
        """A cover sheet: it is not uploaded; the pages after it form a new linked batch."""
        if not batch.manifest.pages and batch.manifest.server_batch_id is None:
            relinked = dict(batch.manifest.request)
            relinked.update(publication_id=cover.publication_id, scan_task_id=cover.scan_task_id)
            batch.update(request=relinked)  # nothing captured yet: relink this one
            return batch
        self._finish(batch)
        request = _batch_request(self.settings, "", cover.publication_id, cover.scan_task_id)
        new = self.spool.create_batch(request, server=self.options.server)
        self.batches.append(new)
        return new

    def _store(self, batch: SpoolBatch, number: int, image: Image, *, held: bool = False) -> None:
        content = imaging.encode(
            image,
            self.settings.content_type,
            self.settings.resolution,
            threshold=self.settings.threshold,
        )
        batch.add_page(
            number, content, self.settings.content_type, blank=imaging.is_blank(image), held=held
        )
        if not held:
            self.uploader.page_captured(batch, number)
        self.progress.page(len(content))

    def _end(self, batch: SpoolBatch) -> None:
        """The run is over: the CLI closes the batch; a station keeps it open for edits."""
        if self.keep_open:
            batch.update(interrupted="")
        else:
            self._finish(batch)

    def _finish(self, batch: SpoolBatch) -> None:
        batch.update(capture_complete=True, interrupted="")
        self.uploader.batch_finished(batch)

    # --- manual duplex: odd pages, then the stack turned over (even pages in reverse) ---

    def _manual_duplex(self, batch: SpoolBatch, limit: int | None) -> None:
        self.prompt(ODD_PROMPT)
        base = batch.next_number() - 1  # 0 for a new batch; a station may add to one
        odd = 0
        while limit is None or odd < limit:
            image = self._next_image(first=odd == 0)
            if image is None:
                break
            odd += 1
            self._store(batch, base + 2 * odd - 1, image, held=True)
        self.prompt(EVEN_PROMPT)
        self.scanner.configure(self.settings)  # a new feeder run
        even_dir = batch.folder / "even-pass"
        even_dir.mkdir(exist_ok=True)
        evens: list[Path] = []
        while len(evens) < odd + 1:  # one more than needed reveals a surplus
            try:
                image = self.scanner.scan_page()
            except FeederEmptyError:
                break
            content = imaging.encode(
                image,
                self.settings.content_type,
                self.settings.resolution,
                threshold=self.settings.threshold,
            )
            path = even_dir / f"{len(evens) + 1:04d}.bin"
            write_durably(path, content)
            evens.append(path)
            self.progress.page(len(content))
        if len(evens) != odd:
            raise DuplexCountMismatchError(
                f"odd pass {odd} pages, even pass {len(evens)}; odd pages in "
                f"{batch.pages_dir}, even pages in {even_dir}"
            )
        for index, path in enumerate(evens):  # the k-th even scan is page 2*(odd-k)
            content = path.read_bytes()
            blank = imaging.is_blank(_open_image(content))
            number = base + 2 * (odd - index)
            batch.add_page(number, content, self.settings.content_type, blank=blank, held=True)
        batch.release_held()
        for path in evens:
            path.unlink()
        even_dir.rmdir()
        for number in range(base + 1, base + 2 * odd + 1):
            self.uploader.page_captured(batch, number)
        self._end(batch)


def _open_image(content: bytes) -> Image:
    return PILImage.open(io.BytesIO(content))


NEXT_PAGE_PROMPT = (
    "Letakkan halaman berikutnya di kaca pemindai lalu tekan Enter.\n"
    "Put the next page on the scanner glass and press Enter."
)
ODD_PROMPT = (
    "Dupleks manual: letakkan tumpukan di pengumpan (halaman 1 menghadap ke atas), "
    "lalu tekan Enter.\nManual duplex: put the stack in the feeder (page 1 face up), "
    "then press Enter."
)
EVEN_PROMPT = (
    "Balik seluruh tumpukan tanpa mengubah urutannya, letakkan lagi di pengumpan, lalu "
    "tekan Enter.\nTurn the whole stack over without reordering it, put it back in the "
    "feeder, then press Enter."
)


class Progress:
    """One progress line: pages, megabytes, pages per minute."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.pages = 0
        self.bytes = 0
        self.started = time.monotonic()
        self.tty = out.isatty()

    def page(self, size: int) -> None:
        self.pages += 1
        self.bytes += size
        minutes = max(time.monotonic() - self.started, 1e-6) / 60
        line = (
            f"Halaman/Pages {self.pages} | {self.bytes / 1e6:.1f} MB | "
            f"{self.pages / minutes:.1f} hlm/mnt (pages/min)"
        )
        self.out.write(f"\r{line}" if self.tty else f"{line}\n")
        self.out.flush()

    def done(self) -> None:
        if self.tty and self.pages:
            self.out.write("\n")
            self.out.flush()
