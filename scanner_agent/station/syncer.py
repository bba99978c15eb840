"""The station's background sync: the spool is the single path to the server.

One thread, woken by every capture and edit (and every few seconds): it uploads what
the spool holds that the server has not confirmed, closes batches the librarian closed,
and reads back each part's state on the server (OCR'd, searchable). When the server
cannot be reached it says so and tries again by itself, slower; nothing waits on it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scanner_agent.client import AgentClient
from scanner_agent.errors import ScannerAgentError, ServerError, ServerUnreachableError
from scanner_agent.spool import SpoolBatch
from scanner_agent.upload import close_if_complete, ensure_server_batch, upload_pending

if TYPE_CHECKING:
    from scanner_agent.station.engine import Station

ONLINE_INTERVAL = 2.0
OFFLINE_INTERVAL = 3.0
QUEUE_EVERY = 5  # rounds between reads of the scan queue (about 10 s online)


@dataclass
class ServerView:
    """What the server last said about one batch (``GET /batches/{id}``)."""

    parts: dict[int, dict[str, Any]] = field(default_factory=dict)
    job: dict[str, Any] = field(default_factory=dict)
    job_url: str = ""


class Syncer(threading.Thread):
    def __init__(self, station: Station) -> None:
        super().__init__(name="pustaka-station-sync", daemon=True)
        self.station = station
        self.wake = threading.Event()
        self.stopped = threading.Event()
        self.online: bool | None = None  # None: not tried yet
        self.offline_error: ServerUnreachableError | None = None
        self.errors: dict[str, ScannerAgentError] = {}
        self.views: dict[str, ServerView] = {}
        self.rounds = 0

    def kick(self) -> None:
        self.wake.set()

    def stop(self) -> None:
        self.stopped.set()
        self.wake.set()

    def run(self) -> None:
        while not self.stopped.is_set():
            interval = ONLINE_INTERVAL if self.online is not False else OFFLINE_INTERVAL
            self.wake.wait(interval)
            self.wake.clear()
            if self.stopped.is_set():
                return
            config = self.station.config
            if not config.connected:
                continue
            with self.station.client() as client:
                self.sync_once(client)
                if self.online and self.rounds % QUEUE_EVERY == 0:
                    self.station.refresh_queue_quietly(client)
            self.rounds += 1

    def sync_once(self, client: AgentClient) -> None:
        try:
            for batch in self.station.batches_to_sync():
                self._sync(client, batch)
        except ServerUnreachableError as exc:
            self.online, self.offline_error = False, exc
            return
        self.online, self.offline_error = True, None

    def _sync(self, client: AgentClient, batch: SpoolBatch) -> None:
        try:
            if not batch.manifest.closed:
                if batch.manifest.pages or batch.id == self.station.current_id:
                    ensure_server_batch(client, batch)
                upload_pending(client, batch)
                if batch.manifest.capture_complete:
                    close_if_complete(client, batch)
            self.errors.pop(batch.id, None)
        except ServerError as exc:  # e.g. a conflict: shown on the page, others go on
            self.errors[batch.id] = exc
        if batch.manifest.server_batch_id is not None:
            self._read_back(client, batch)

    def _read_back(self, client: AgentClient, batch: SpoolBatch) -> None:
        view = self.views.get(batch.id)
        if view and view.job.get("state") in ("done", "failed") and batch.manifest.closed:
            return  # settled: nothing more will change
        server_id = batch.manifest.server_batch_id
        assert server_id is not None
        detail = client.batch(server_id)
        self.views[batch.id] = ServerView(
            parts={p["number"]: dict(p) for p in detail.get("parts", [])},
            job=dict(detail["job"]),
            job_url=detail.get("job_url", ""),
        )
