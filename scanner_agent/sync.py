"""``status`` and ``sync``: what the spool holds, and getting it to the server.

``sync`` uploads every page the server has not confirmed and closes each batch whose
capture ended; a batch interrupted by a fault or a crash stays open (to be continued
with ``scan --resume``) unless ``close_interrupted`` says to close it as it is.
Closed batches are removed from the spool after ``keep_days``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from scanner_agent.client import AgentClient
from scanner_agent.errors import ScannerAgentError, ServerError, ServerUnreachableError
from scanner_agent.spool import Spool, SpoolBatch
from scanner_agent.upload import close_if_complete, upload_pending


@dataclass
class SyncReport:
    pages_sent: int = 0
    closed: list[str] = field(default_factory=list)
    left_open: list[str] = field(default_factory=list)
    errors: list[tuple[str, ScannerAgentError]] = field(default_factory=list)
    offline: ServerUnreachableError | None = None
    pruned: int = 0


def spool_status(spool: Spool) -> dict[str, Any]:
    batches = [batch.summary() for batch in spool.batches()]
    pending = sum(b["pages_captured"] - b["pages_uploaded"] for b in batches)
    return {
        "spool": str(spool.root),
        "batches": batches,
        "pages_pending": pending,
        "batches_open": sum(not b["closed"] for b in batches),
    }


def run_sync(
    client: AgentClient,
    spool: Spool,
    *,
    close_interrupted: bool = False,
    keep_days: float = 7.0,
) -> SyncReport:
    report = SyncReport()
    for batch in spool.batches():
        if batch.manifest.closed:
            if _expired(batch, keep_days):
                spool.remove(batch)
                report.pruned += 1
            continue
        try:
            _sync_batch(client, batch, report, close_interrupted)
        except ServerUnreachableError as exc:
            report.offline = exc
            break
        except ServerError as exc:  # e.g. page_conflict: the others can still go
            report.errors.append((batch.id, exc))
    return report


def _sync_batch(
    client: AgentClient, batch: SpoolBatch, report: SyncReport, close_interrupted: bool
) -> None:
    if not batch.manifest.pages and not batch.manifest.capture_complete:
        report.left_open.append(batch.id)
        return
    report.pages_sent += upload_pending(client, batch)
    if close_interrupted and not batch.manifest.capture_complete and not _held(batch):
        batch.update(capture_complete=True)
    if close_if_complete(client, batch):
        report.closed.append(batch.id)
    else:
        report.left_open.append(batch.id)


def _held(batch: SpoolBatch) -> bool:
    return any(page.held for page in batch.manifest.pages)


def _expired(batch: SpoolBatch, keep_days: float) -> bool:
    try:
        created = datetime.fromisoformat(batch.manifest.created_at)
    except ValueError:
        return False
    return datetime.now(UTC) - created > timedelta(days=keep_days)
