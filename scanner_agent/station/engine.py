"""The scanner station: set-up, queue, preview, batch capture and edits, faults.

The page asks; this object does. Scanner work runs on one device thread (the page
polls the state meanwhile); uploads run on the :class:`Syncer`. Every operation
raises :class:`ScannerAgentError` with a bilingual message when it cannot be done.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from scanner_agent import wire
from scanner_agent.client import AgentClient, RetryPolicy
from scanner_agent.errors import (
    InvalidRequestError,
    NoScannerError,
    ScannerAgentError,
    ServerUnreachableError,
)
from scanner_agent.profiles import get_profile, load_profiles
from scanner_agent.spool import Spool, SpoolBatch, new_client_batch_id
from scanner_agent.station import device, edits
from scanner_agent.station.config import load, save
from scanner_agent.station.syncer import Syncer

EVEN_PROMPT_MARK = "Balik seluruh tumpukan"


def refused(message_id: str, message_en: str, detail: str = "") -> InvalidRequestError:
    return InvalidRequestError(detail or message_en, message_id=message_id, message_en=message_en)


@dataclass
class Activity:
    """What the device thread is doing now, and what stopped it last."""

    doing: str = ""  # "" | devices | preview | scanning
    prompt: str = ""  # a step the librarian must confirm (manual duplex)
    fault: ScannerAgentError | None = None
    retry: device.Run | None = None  # what "continue" runs again
    last_page: int | None = None  # the page fed last before the fault ("rescan last page")
    captured: dict[str, list[float]] = field(default_factory=dict)  # batch id → times


class Station:
    def __init__(
        self,
        config_path: Path,
        spool: Spool,
        *,
        profiles: Path | None = None,
        demo: bool = False,
    ) -> None:
        self.config_path = config_path
        self.config = load(config_path)
        self.spool = spool
        self.profiles = profiles
        self.demo = demo
        self.lock = threading.RLock()
        self.batches: dict[str, SpoolBatch] = {b.id: b for b in spool.batches()}
        self.current_id: str | None = self._resume_current()
        self.closed_here: set[str] = set()
        self.activity = Activity()
        self.devices: list[dict[str, str]] | None = None
        self.devices_error: ScannerAgentError | None = None
        self.preview: device.Preview | None = None
        self.preview_version = 0
        self.queue: list[wire.ScanRequest] | None = None
        self.queue_error: ScannerAgentError | None = None
        self.demo_fault: tuple[str, int] | None = None
        self._prompt_done = threading.Event()
        self._device = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pustaka-device")
        self.syncer = Syncer(self)

    # --- life --------------------------------------------------------------------------

    def start(self) -> None:
        self.syncer.start()
        self.refresh_devices()
        self.syncer.kick()

    def stop(self) -> None:
        self.syncer.stop()
        self._prompt_done.set()
        self._device.shutdown(wait=False, cancel_futures=True)

    def client(self, *, attempts: int = 2) -> AgentClient:
        return AgentClient(
            self.config.server,
            self.config.token,
            retry=RetryPolicy(attempts=attempts, base=0.2, cap=1.0),
            timeout=httpx.Timeout(15.0, connect=3.0, write=60.0),
        )

    def _resume_current(self) -> str | None:
        wanted = self.config.extra.get("current_batch")
        batch = self.batches.get(wanted) if isinstance(wanted, str) else None
        return batch.id if batch and not batch.manifest.closed else None

    def _save(self) -> None:
        self.config.extra["current_batch"] = self.current_id
        save(self.config_path, self.config)

    # --- set-up ------------------------------------------------------------------------

    def connect(self, server: str, token: str) -> str:
        """Check the address and token against the server, then save them (0600)."""
        server, token = server.strip().rstrip("/"), token.strip()
        if not server.startswith(("http://", "https://")) or not token:
            raise refused(
                "Isi alamat server (http://… atau https://…) dan token stasiun.",
                "Enter the server address (http://… or https://…) and the station token.",
            )
        with AgentClient(server, token, retry=RetryPolicy(attempts=1)) as client:
            station = client.station()
        with self.lock:
            self.config.server, self.config.token = server, token
            self.config.station_name = station["name"]
            self._save()
        self.syncer.kick()
        return station["name"]

    def set_options(self, **changes: Any) -> None:
        """Device and scan settings; remembered for next time."""
        allowed = {"device", "profile", "source", "pages", "crop", "manual_duplex", "covers"}
        clean = {key: _clean(key, value) for key, value in changes.items() if key in allowed}
        if clean.get("profile"):
            get_profile(clean["profile"], self.profiles)  # a clear error now, nothing changed
        with self.lock:
            for key, value in clean.items():
                setattr(self.config, key, value)
            self._save()

    def profile_list(self) -> list[dict[str, str]]:
        try:
            profiles = load_profiles(self.profiles)
        except ScannerAgentError:
            return []
        return [{"name": p.name, "description": p.description} for p in profiles.values()]

    def refresh_devices(self) -> None:
        self._submit("devices", self._list_devices)

    def _list_devices(self) -> None:
        try:
            found = device.list_devices()
            self.devices, self.devices_error = found, None if found else NoScannerError()
            names = [d["name"] for d in found]
            if found and self.config.device not in names:
                with self.lock:
                    self.config.device = names[0]
                    self._save()
        except ScannerAgentError as exc:
            self.devices, self.devices_error = [], exc

    # --- the queue ---------------------------------------------------------------------

    def refresh_queue(self) -> None:
        self._need_server()
        try:
            with self.client() as client:
                self.queue, self.queue_error = client.scan_tasks(), None
        except ScannerAgentError as exc:
            self.queue_error = exc
            raise

    def refresh_queue_quietly(self, client: AgentClient) -> None:
        """The syncer's periodic read of the queue; a failure only marks it stale."""
        try:
            self.queue, self.queue_error = client.scan_tasks(), None
        except ScannerAgentError as exc:
            self.queue_error = exc

    def claim(self, task_id: int) -> None:
        """Claim a task on the server and open a batch for it (online only)."""
        self._need_server()
        self._no_open_batch()
        with self.client() as client:
            task = client.claim_task(task_id)
        self._open_batch(task["title"], task["publication_id"], task_id)
        self.refresh_queue()

    def new_batch(self, title: str = "") -> None:
        self._need_server()
        self._no_open_batch()
        self._open_batch(title.strip()[:500], None, None)

    def _open_batch(self, title: str, publication_id: int | None, task_id: int | None) -> None:
        profile = get_profile(self.config.profile, self.profiles)
        request: wire.BatchCreate = {
            "client_batch_id": new_client_batch_id(),
            "title": title,
            "publication_id": publication_id,
            "scan_task_id": task_id,
            "device": self.config.device,
            "profile": profile.name,
            "source": self.config.source,  # type: ignore[typeddict-item]
            "resolution": profile.resolution,
            "mode": profile.mode,
        }
        batch = self.spool.create_batch(request, server=self.config.server)
        batch.arrange([])
        with self.lock:
            self.batches[batch.id] = batch
            self.current_id = batch.id
            self.activity.fault, self.activity.retry = None, None
            self._save()
        self.syncer.kick()

    def _need_server(self) -> None:
        if not self.config.connected:
            raise refused(
                "Atur dulu alamat server dan token stasiun.",
                "Set the server address and station token first.",
            )

    def _no_open_batch(self) -> None:
        batch = self.current()
        if batch is not None and not batch.manifest.capture_complete:
            raise refused("Tutup dulu batch yang sedang terbuka.", "Close the open batch first.")

    # --- batches -----------------------------------------------------------------------

    def current(self) -> SpoolBatch | None:
        return self.batches.get(self.current_id) if self.current_id else None

    def open_batch(self) -> SpoolBatch:
        batch = self.current()
        if batch is None or batch.manifest.capture_complete:
            raise refused(
                "Tidak ada batch terbuka: ambil tugas dari antrean atau mulai batch baru.",
                "No open batch: claim a task from the queue or start a new batch.",
            )
        return batch

    def batches_to_sync(self) -> list[SpoolBatch]:
        with self.lock:
            return [
                b
                for b in self.batches.values()
                if not b.manifest.closed or b.id in self.closed_here or b.id == self.current_id
            ]

    def finish_view(self) -> None:
        """Leave a closed batch's view (its pages keep going to the server regardless)."""
        batch = self.current()
        if batch is not None and batch.manifest.capture_complete:
            with self.lock:
                self.current_id = None
                self._save()
        self.syncer.kick()

    def close(self) -> None:
        """No more pages: the syncer sends what waits and closes it with its order."""
        self._idle()
        batch = self.open_batch()
        if not batch.arrangement():
            raise refused("Batch ini belum berisi halaman.", "This batch has no pages yet.")
        batch.update(capture_complete=True, interrupted="")
        with self.lock:
            self.closed_here.add(batch.id)
            self.activity.fault, self.activity.retry = None, None
        self.syncer.kick()

    def edit(self, action: str, number: int, value: int = 0) -> None:
        self._idle()
        batch = self.open_batch()
        if action == "rotate":
            edits.rotate(batch, number, value)
        elif action == "delete":
            edits.delete(batch, number)
        elif action == "move":
            edits.move(batch, number, value)
        else:
            raise refused("Perubahan tidak dikenal.", "Unknown edit.", action)
        self.syncer.kick()

    # --- scanning ----------------------------------------------------------------------

    def scan(self, kind: str = "append", target: int | None = None) -> None:
        """Start a capture run: append, insert before ``target``, or rescan ``target``."""
        self._idle()
        batch = self.open_batch()
        if kind in ("insert", "rescan") and target not in batch.arrangement():
            raise refused("Pilih halaman di batch ini.", "Choose a page of this batch.")
        limit = 1 if kind == "rescan" else self.config.pages
        run = device.Run(kind, target, limit, self.config.source)
        self._start_run(batch, run)

    def resume(self, *, rescan_last: bool = False) -> None:
        """After a fault: go on where it stopped (optionally dropping the last page first)."""
        self._idle()
        batch = self.open_batch()
        run = self.activity.retry or device.Run("append", None, self.config.pages)
        last = self.activity.last_page
        if rescan_last and last is not None and last in batch.arrangement():
            edits.delete(batch, last)
            if run.limit is not None:
                run.limit += 1
        self._start_run(batch, run)

    def continue_prompt(self) -> None:
        self._prompt_done.set()

    def _start_run(self, batch: SpoolBatch, run: device.Run) -> None:
        with self.lock:
            self.activity.fault, self.activity.retry = None, None
        before = batch.arrangement()
        self._submit("scanning", lambda: self._capture(batch, run, before))

    def _capture(self, batch: SpoolBatch, run: device.Run, before: list[int]) -> None:
        job, fault = device.capture(
            run, batch, self.spool, self.config, self.profiles, _Kick(self, batch),
            self._ask, self.demo_fault,
        )  # fmt: skip
        self.demo_fault = None
        new = edits.place_new(batch, before, run.kind, run.target)
        if job is not None and job.batches and job.batches[-1] is not batch:
            with self.lock:  # a cover sheet started a new batch: it is the open one now
                for split in job.batches:
                    self.batches[split.id] = split
                    if split is not job.batches[-1]:
                        self.closed_here.add(split.id)
                self.current_id = job.batches[-1].id
                self._save()
        if fault is not None:
            left = None if run.limit is None else max(1, run.limit - len(new))
            kind = run.kind if not (run.kind == "rescan" and new) else "append"
            retry = device.Run(kind, run.target, left, run.source)
            with self.lock:
                self.activity.fault, self.activity.retry = fault, retry
                self.activity.last_page = max(new) if new else (before[-1] if before else None)
        self.syncer.kick()

    def _ask(self, message: str) -> None:
        """Capture's prompt: the click on "scan" confirmed the first step; later steps
        (turn the stack over) wait for the librarian's "continue"."""
        if EVEN_PROMPT_MARK not in message:
            return
        self._prompt_done.clear()
        self.activity.prompt = message
        self._prompt_done.wait()
        self.activity.prompt = ""

    def take_preview(self) -> None:
        self._idle()

        def run() -> None:
            try:
                self.preview = device.preview(self.config, self.profiles)
                self.preview_version += 1
                self.activity.fault = None
            except ScannerAgentError as exc:
                self.activity.fault = exc

        self._submit("preview", run)

    def arm_demo_fault(self, fault: str, after: int) -> None:
        if not self.demo:
            raise refused("Hanya di mode demo.", "Only in demo mode.")
        if fault not in device.FAULTS:
            raise refused("Gangguan tidak dikenal.", "Unknown fault.", fault)
        self.demo_fault = (fault, max(0, after))

    def _idle(self) -> None:
        if self.activity.doing:
            raise refused(
                "Pemindai sedang bekerja; tunggu sampai selesai.",
                "The scanner is busy with the last request; wait until it is done.",
            )

    def _submit(self, doing: str, work: Any) -> None:
        with self.lock:
            self.activity.doing = doing

        def wrapped() -> None:
            try:
                work()
            finally:
                self.activity.doing = ""

        self._device.submit(wrapped)

    def speed(self, batch: SpoolBatch) -> float:
        """Pages per minute over this batch's capture so far (0 before two pages)."""
        times = self.activity.captured.get(batch.id, [])
        if len(times) < 2 or times[-1] <= times[0]:
            return 0.0
        return (len(times) - 1) / (times[-1] - times[0]) * 60

    @property
    def offline(self) -> ServerUnreachableError | None:
        return self.syncer.offline_error


class _Kick:
    """What Capture hands each page to: note the time, wake the syncer (never upload here)."""

    def __init__(self, station: Station, batch: SpoolBatch) -> None:
        self.station = station

    def page_captured(self, batch: SpoolBatch, number: int) -> None:
        with self.station.lock:
            self.station.batches.setdefault(batch.id, batch)
        self.station.activity.captured.setdefault(batch.id, []).append(time.monotonic())
        self.station.syncer.kick()

    def batch_finished(self, batch: SpoolBatch) -> None:  # a cover sheet closed it
        with self.station.lock:
            self.station.batches.setdefault(batch.id, batch)
        self.station.syncer.kick()


def _clean(key: str, value: Any) -> Any:
    if key in ("manual_duplex", "covers"):
        return bool(value)
    if key == "pages":
        return int(value) if value not in (None, "", 0, "0") else None
    if key == "crop":
        if not value:
            return None
        return [round(float(v), 1) for v in value][:4]
    if key == "source" and value not in ("flatbed", "adf", "duplex"):
        raise refused("Sumber tidak dikenal.", "Unknown source.", str(value))
    return str(value)
