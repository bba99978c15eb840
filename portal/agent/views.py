"""Thin views of the scanner agent API: parse, call a scanning service, answer JSON."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from catalogue.services.upload_limits import upload_check
from portal.agent.edge import agent_endpoint, field, json_body
from portal.agent.wire import batch_json, task_json
from scanning.errors import (
    BadRequestError,
    BatchNotFoundError,
    PageTooLargeError,
    UnsupportedPageTypeError,
)
from scanning.models import ScanBatch, Station
from scanning.selectors.queue import batch_for_station, scan_requests_for_station
from scanning.services.batches import BatchSpec, batch_close, batch_open, batch_page_store
from scanning.services.requests import scan_request_claim

SCHEMA = Path(__file__).with_name("openapi.json")
_CHUNK = 1024 * 1024
# Magic numbers of what the pipeline reads: page images, and whole documents (a PDF, a
# multi-page TIFF) whose pages all go in at the part's position.
_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"\xff\xd8\xff": "jpeg",
}
_PDF_MAGIC = b"%PDF-"
_PDF_HEAD = 1024  # PDF readers accept junk before the header; so does the intake's sniffer


@require_GET
def openapi(request: HttpRequest) -> HttpResponseBase:
    """The published schema (no token needed: it holds no data).

    Hand-maintained, on purpose: it is the contract the agent is written against, and a
    generator would only move the same hand-written shapes into Python. Drift is caught by
    tests/portal/test_agent_api.py (routes, methods, $refs, every response validated).
    """
    return FileResponse(SCHEMA.open("rb"), content_type="application/json")


def _whoami(request: HttpRequest, station: Station) -> HttpResponse:
    return JsonResponse({"id": station.pk, "name": station.name})


def _tasks(request: HttpRequest, station: Station) -> HttpResponse:
    return JsonResponse(
        {"tasks": [task_json(t) for t in scan_requests_for_station(station=station)]}
    )


def _claim(request: HttpRequest, station: Station, task_id: int) -> HttpResponse:
    return JsonResponse(task_json(scan_request_claim(task_id=task_id, station=station)))


def _open(request: HttpRequest, station: Station) -> HttpResponse:
    data = json_body(request)
    spec = BatchSpec(
        client_batch_id=field(data, "client_batch_id", str),
        title=field(data, "title", str, default=""),
        publication_id=field(data, "publication_id", int, default=None, null=True),
        scan_task_id=field(data, "scan_task_id", int, default=None, null=True),
        device=field(data, "device", str, default=""),
        profile=field(data, "profile", str, default=""),
        source=field(data, "source", str, default=ScanBatch.Source.FLATBED),
        resolution=field(data, "resolution", int, default=300),
        mode=field(data, "mode", str, default=""),
    )
    opened = batch_open(station=station, spec=spec)
    return JsonResponse(batch_json(opened.batch), status=201 if opened.created else 200)


def _batch(station: Station, batch_id: int) -> ScanBatch:
    batch = batch_for_station(station=station, batch_id=batch_id)
    if batch is None:
        raise BatchNotFoundError(f"batch {batch_id}")
    return batch


def _show(request: HttpRequest, station: Station, batch_id: int) -> HttpResponse:
    return JsonResponse(batch_json(_batch(station, batch_id), with_job=True))


def _page(request: HttpRequest, station: Station, batch_id: int, number: int) -> HttpResponse:
    batch = _batch(station, batch_id)
    declared = request.headers.get("X-Content-SHA256", "")
    if not declared:
        raise BadRequestError("X-Content-SHA256 header: required")
    limit = settings.SCAN_PAGE_MAX_BYTES
    if int(request.headers.get("Content-Length") or 0) > limit:
        raise PageTooLargeError(f"limit {limit} bytes")
    with tempfile.TemporaryDirectory(prefix="pustaka-page-") as folder:
        path = Path(folder) / "page"
        _receive(request, path, limit)
        kind = _kind(path)
        upload_check(path=path, filename=f"page {number}")  # pages, pixels: else not kept
        stored = batch_page_store(batch=batch, number=number, path=path, sha256=declared, kind=kind)
    body = {
        "number": stored.page.number,
        "sha256": stored.page.sha256,
        "status": "stored" if stored.created else "duplicate",
    }
    return JsonResponse(body, status=201 if stored.created else 200)


def _receive(request: HttpRequest, path: Path, limit: int) -> None:
    """Stream the body to disk (never whole into memory), stopping past the limit."""
    size = 0
    with path.open("wb") as out:
        while chunk := request.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise PageTooLargeError(f"limit {limit} bytes")
            out.write(chunk)
    if size == 0:
        raise BadRequestError("empty body: send the page image or document")


def _kind(path: Path) -> str:
    """What the body is, from its first bytes (never from the Content-Type header).

    A PDF is only recognised here; whether it opens (encrypted, damaged) is the
    pipeline's judgement, which fails the job with its own clear message and keeps it.
    """
    with path.open("rb") as handle:
        head = handle.read(_PDF_HEAD)
    for magic, kind in _SIGNATURES.items():
        if head.startswith(magic):
            return kind
    if _PDF_MAGIC in head:
        return "pdf"
    raise UnsupportedPageTypeError("not PNG, TIFF, JPEG or PDF")


def _close(request: HttpRequest, station: Station, batch_id: int) -> HttpResponse:
    data = json_body(request)
    page_count = field(data, "page_count", int)
    order = data.get("order")
    if order is not None and not isinstance(order, list):
        raise BadRequestError("order: must be a list of part numbers")
    batch = batch_close(batch=_batch(station, batch_id), page_count=page_count, order=order)
    return JsonResponse(batch_json(batch))


station = agent_endpoint(get=_whoami)
scan_tasks = agent_endpoint(get=_tasks)
scan_task_claim = agent_endpoint(post=_claim)
batches = agent_endpoint(post=_open)
batch_detail = agent_endpoint(get=_show)
batch_page = agent_endpoint(put=_page)
batch_close_view = agent_endpoint(post=_close)
