"""HTTP client of the portal's agent API (contract v1), built on httpx.

Connection errors, timeouts and 5xx answers are retried with exponential backoff and
jitter (every call is idempotent by the contract); everything else is answered at once.
When retries run out on the network, :class:`ServerUnreachableError` tells the caller
that pages must wait in the spool. Server errors carry the server's own bilingual text.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import httpx

from scanner_agent import wire
from scanner_agent.errors import (
    AuthError,
    ConflictError,
    ServerError,
    ServerUnreachableError,
    TooLargeError,
)

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0, write=60.0)


class RetryPolicy:
    """``attempts`` tries in all; waits ``base * 2**n`` seconds (capped) with full jitter."""

    def __init__(
        self,
        attempts: int = 4,
        base: float = 0.5,
        cap: float = 8.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.attempts = max(1, attempts)
        self.base = base
        self.cap = cap
        self.sleep = sleep

    def wait(self, attempt: int) -> None:
        self.sleep(random.uniform(0, min(self.cap, self.base * 2**attempt)))


class AgentClient:
    """One station's connection to the portal; ``server`` is the portal's base URL."""

    def __init__(
        self,
        server: str,
        token: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.server = server.rstrip("/")
        self.retry = retry or RetryPolicy()
        self._http = httpx.Client(
            base_url=self.server + wire.API_PREFIX,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> AgentClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the API -------------------------------------------------------------------------

    def station(self) -> wire.Station:
        return wire.require(self._call("GET", "/station"), wire.Station)

    def scan_tasks(self) -> list[wire.ScanRequest]:
        body = wire.require(self._call("GET", "/scan-tasks"), wire.ScanRequestList)
        return [wire.require(task, wire.ScanRequest) for task in body["tasks"]]

    def claim_task(self, task_id: int) -> wire.ScanRequest:
        return wire.require(self._call("POST", f"/scan-tasks/{task_id}/claim"), wire.ScanRequest)

    def create_batch(self, request: wire.BatchCreate) -> wire.Batch:
        return wire.require(self._call("POST", "/batches", json=dict(request)), wire.Batch)

    def put_page(
        self, batch_id: int, number: int, content: bytes, sha256: str, content_type: str
    ) -> wire.PageReceipt:
        body = self._call(
            "PUT",
            f"/batches/{batch_id}/pages/{number}",
            content=content,
            headers={"Content-Type": content_type, "X-Content-SHA256": sha256},
        )
        return wire.require(body, wire.PageReceipt)

    def close_batch(
        self, batch_id: int, page_count: int, order: list[int] | None = None
    ) -> wire.Batch:
        request: wire.BatchCloseRequest = {"page_count": page_count}
        if order is not None:
            request["order"] = order
        body = self._call("POST", f"/batches/{batch_id}/close", json=dict(request))
        return wire.require(body, wire.Batch)

    def batch(self, batch_id: int) -> wire.BatchDetail:
        return wire.require(self._call("GET", f"/batches/{batch_id}"), wire.BatchDetail)

    # --- transport -----------------------------------------------------------------------

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        last_problem = ""
        for attempt in range(self.retry.attempts):
            if attempt:
                self.retry.wait(attempt - 1)
            try:
                response = self._http.request(method, path, **kwargs)
            except httpx.TransportError as exc:  # refused, reset, timeout, DNS
                last_problem = f"{method} {self.server}{wire.API_PREFIX}{path}: {exc!r}"
                continue
            if response.status_code >= 500:
                last_problem = f"{method} {path}: HTTP {response.status_code}"
                continue
            if response.status_code >= 400:
                raise server_error(response)
            try:
                return response.json()
            except ValueError as exc:
                raise ServerError(f"{method} {path}: not JSON: {exc}") from exc
        raise ServerUnreachableError(last_problem)


def server_error(response: httpx.Response) -> ServerError:
    """The agent's error for a 4xx answer, carrying the server's bilingual message."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    error_class: type[ServerError] = {
        401: AuthError,
        409: ConflictError,
        413: TooLargeError,
    }.get(response.status_code, ServerError)
    request = response.request
    return error_class(
        f"{request.method} {request.url.path}: HTTP {response.status_code} "
        f"{body.get('code', '')} {body.get('detail', '')}".strip(),
        status=response.status_code,
        server_code=str(body.get("code", "")),
        message_id=str(body.get("id", "")),
        message_en=str(body.get("en", "")),
        body=body,
    )
