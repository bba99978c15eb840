"""The agent's own models of the portal's agent API (``/api/v1/``, contract v1).

TypedDicts, because the wire is JSON: what the server sends is read as-is and checked
field by field in :func:`require`. The contract test compares these with the server's
published OpenAPI schema, so a drift on either side fails a test, not a scan.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, TypeVar, cast

API_PREFIX = "/api/v1"

Source = Literal["flatbed", "adf", "duplex"]
TaskKind = Literal["digitise", "scan_to_email"]
# "delivered" is the server's addition to contract v1 (scan-to-email sent to the visitor).
TaskState = Literal["pending", "claimed", "scanning", "done", "failed", "delivered"]
BatchState = Literal["open", "closed"]
# A "page" may also be a whole document (PDF, multi-page TIFF): its pages go in at that number.
PAGE_CONTENT_TYPES = ("image/png", "image/tiff", "image/jpeg", "application/pdf")


class Station(TypedDict):
    """``GET /station``: who the token belongs to."""

    id: int
    name: str


class ScanRequest(TypedDict):
    """A scan request (digitise a copy, or a visitor's scan-to-email) waiting for a scan.

    The schema calls it ``ScanTask`` and the list's key is ``tasks``: the wire keeps the
    word for deployed agents (docs/agent-api.md)."""

    id: int
    kind: TaskKind
    title: str
    publication_id: int | None
    holding_barcode: str | None
    pages: str
    state: TaskState
    claimed_by: str | None
    created_at: str


class ScanRequestList(TypedDict):
    tasks: list[ScanRequest]


class BatchCreate(TypedDict):
    """``POST /batches`` body; ``client_batch_id`` is the idempotency key."""

    client_batch_id: str
    title: str
    publication_id: int | None
    scan_task_id: int | None
    device: str
    profile: str
    source: Source
    resolution: int
    mode: str


class Batch(TypedDict):
    id: int
    client_batch_id: str
    state: BatchState
    job_id: int
    pages_received: list[int]
    title: str


class JobProgress(TypedDict):
    state: str
    pages_done: int
    pages_total: int
    softcopy_id: int | None


class PartState(TypedDict):
    """One stored part on the server: its OCR state, and whether a page looks blank."""

    number: int
    ocr: Literal["queued", "processing", "done", "failed"]
    blank: bool


class _PartsOfBatch(TypedDict, total=False):
    """Sent by servers that know the station (read with .get: older ones lack them)."""

    parts: list[PartState]
    job_url: str  # path of the job's staff page on the portal


class BatchDetail(Batch, _PartsOfBatch):
    """``GET /batches/{id}``: the batch plus its digitisation job's progress."""

    job: JobProgress


class PageReceipt(TypedDict):
    """``PUT /batches/{id}/pages/{n}``: ``status`` is "stored" or "duplicate"."""

    number: int
    sha256: str
    status: Literal["stored", "duplicate"]


class _CloseOrder(TypedDict, total=False):
    # A station's edits: the parts kept, in reading order; the others are withdrawn.
    order: list[int]


class BatchCloseRequest(_CloseOrder):
    page_count: int


class ErrorBody(TypedDict, total=False):
    """Every error: a code, the message in Indonesian (``id``) and English (``en``)."""

    code: str
    id: str
    en: str
    detail: str
    missing: list[int]


T = TypeVar("T")


def require(body: Any, model: type[T]) -> T:
    """Check that a decoded JSON object has every field of ``model``; return it typed.

    Only presence is checked (types are the server's promise, the contract test checks
    them against the schema): a missing field means the server speaks another version.
    """
    if not isinstance(body, dict):
        raise ValueError(f"expected a JSON object for {model.__name__}, got {type(body).__name__}")
    missing = sorted(getattr(model, "__required_keys__", frozenset()) - body.keys())
    if missing:
        raise ValueError(f"{model.__name__} lacks {', '.join(missing)}")
    return cast(T, body)
