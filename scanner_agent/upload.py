"""Moving spooled batches to the server: create, upload pages, close.

The same three steps serve the live upload thread during a scan and ``sync`` after a
crash or an outage. Each step is idempotent on the server, and the spool records each
step's result, so repeating any of them after a crash never duplicates anything.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field

from scanner_agent import wire
from scanner_agent.client import AgentClient
from scanner_agent.errors import ScannerAgentError, ServerUnreachableError
from scanner_agent.spool import SpoolBatch


def ensure_server_batch(client: AgentClient, batch: SpoolBatch) -> int:
    """The server's id of this batch, creating it there first if needed (idempotent)."""
    if batch.manifest.server_batch_id is not None:
        return batch.manifest.server_batch_id
    request: wire.BatchCreate = batch.manifest.request  # type: ignore[assignment]
    created = client.create_batch(request)
    batch.update(server_batch_id=created["id"])
    return created["id"]


def upload_pending(client: AgentClient, batch: SpoolBatch) -> int:
    """Upload every page not yet confirmed; returns how many were sent."""
    pending = batch.pending()
    if not pending:
        return 0
    server_id = ensure_server_batch(client, batch)
    sent = 0
    for page in pending:
        upload_page(client, batch, page.number, server_id)
        sent += 1
    return sent


def upload_page(client: AgentClient, batch: SpoolBatch, number: int, server_id: int) -> None:
    page = batch.page(number)
    client.put_page(
        server_id, number, batch.read_page(page), page.sha256, page.content_type
    )  # "stored" or "duplicate": both mean the server has exactly this page
    batch.mark_uploaded(number)


def close_if_complete(client: AgentClient, batch: SpoolBatch) -> bool:
    """Close the batch on the server when capture ended and every page is uploaded."""
    m = batch.manifest
    if m.closed:
        return True
    if not m.pages:  # e.g. a cover sheet was the last sheet: nothing to send or close
        return False
    held = [p for p in m.pages if p.held and (m.order is None or p.number in m.order)]
    if not m.capture_complete or batch.pending() or held:
        return False
    if m.order is not None and not m.order:
        return False  # every page deleted: nothing to close (the station discards it)
    server_id = ensure_server_batch(client, batch)
    if m.order is None:
        client.close_batch(server_id, len(m.pages))
    else:
        client.close_batch(server_id, len(m.order), list(m.order))
    batch.update(closed=True)
    return True


@dataclass
class UploadResult:
    offline: ServerUnreachableError | None = None
    errors: list[ScannerAgentError] = field(default_factory=list)


class Uploader(threading.Thread):
    """Uploads pages as the capture loop hands them over, so capture never waits.

    After the first "server unreachable" it stops talking to the server: what is left
    stays in the spool for ``sync``. Other server errors are collected for the report.
    """

    def __init__(
        self, client: AgentClient, *, offline: ServerUnreachableError | None = None
    ) -> None:
        super().__init__(name="pustaka-upload", daemon=True)
        self.client = client
        self.result = UploadResult(offline=offline)
        self._work: queue.Queue[tuple[str, SpoolBatch, int] | None] = queue.Queue()

    def page_captured(self, batch: SpoolBatch, number: int) -> None:
        self._work.put(("page", batch, number))

    def batch_finished(self, batch: SpoolBatch) -> None:
        self._work.put(("close", batch, 0))

    def finish(self) -> UploadResult:
        """Wait until everything handed over has been sent (or given up on)."""
        self._work.put(None)
        self.join()
        return self.result

    def run(self) -> None:
        while (item := self._work.get()) is not None:
            if self.result.offline is not None:
                continue  # pages stay in the spool
            kind, batch, number = item
            try:
                if kind == "page":
                    upload_page(self.client, batch, number, ensure_server_batch(self.client, batch))
                elif not close_if_complete(self.client, batch):
                    upload_pending(self.client, batch)  # a page that failed earlier
                    close_if_complete(self.client, batch)
            except ServerUnreachableError as exc:
                self.result.offline = exc
            except ScannerAgentError as exc:
                self.result.errors.append(exc)
