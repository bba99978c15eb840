"""A small in-process HTTP server that speaks the agent contract v1, for fast tests.

Real sockets (so connection errors, retries and subprocess CLIs are exercised), fake
storage (dicts). The acceptance tests use the real portal instead (live_server).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "station-token-for-tests"


@dataclass
class FakeBatch:
    id: int
    client_batch_id: str
    request: dict[str, Any]
    pages: dict[int, tuple[str, bytes, str]] = field(default_factory=dict)
    closed_with: int | None = None

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "client_batch_id": self.client_batch_id,
            "state": "closed" if self.closed_with is not None else "open",
            "job_id": 1000 + self.id,
            "pages_received": sorted(self.pages),
            "title": self.request.get("title", ""),
        }


@dataclass
class FakePortalState:
    tasks: list[dict[str, Any]] = field(default_factory=list)
    batches: dict[int, FakeBatch] = field(default_factory=dict)
    puts: list[tuple[int, int, str]] = field(default_factory=list)  # (batch, number, status)
    fail_next: int = 0  # answer this many requests with 503
    max_bytes: int = 50_000_000
    lock: threading.Lock = field(default_factory=threading.Lock)


def error(code: str, status: int, **extra: Any) -> tuple[int, dict[str, Any]]:
    return status, {"code": code, "id": f"ID: {code}", "en": f"EN: {code}", "detail": "", **extra}


class Handler(BaseHTTPRequestHandler):
    state: FakePortalState

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with self.state.lock:
            if self.state.fail_next > 0:
                self.state.fail_next -= 1
                status, payload = error("unavailable", 503)
            elif self.headers.get("Authorization") != f"Bearer {TOKEN}":
                status, payload = error("bad_token", 401)
            else:
                status, payload = self._route(body)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, body: bytes) -> tuple[int, dict[str, Any]]:
        s, path, method = self.state, self.path.removeprefix("/api/v1"), self.command
        if method == "GET" and path == "/station":
            return 200, {"id": 1, "name": "meja-1"}
        if method == "GET" and path == "/scan-tasks":
            return 200, {"tasks": s.tasks}
        if m := re.fullmatch(r"/scan-tasks/(\d+)/claim", path):
            task = next((t for t in s.tasks if t["id"] == int(m.group(1))), None)
            if task is None:
                return error("task_not_found", 404)
            if task["claimed_by"] not in (None, "meja-1"):
                return error("task_taken", 409)
            task.update(state="claimed", claimed_by="meja-1")
            return 200, task
        if method == "POST" and path == "/batches":
            request = json.loads(body)
            for batch in s.batches.values():
                if batch.client_batch_id == request["client_batch_id"]:
                    return 200, batch.json()
            new = FakeBatch(len(s.batches) + 1, request["client_batch_id"], request)
            s.batches[new.id] = new
            return 201, new.json()
        if m := re.fullmatch(r"/batches/(\d+)/pages/(\d+)", path):
            batch, number = s.batches[int(m.group(1))], int(m.group(2))
            if len(body) > s.max_bytes:
                return error("too_large", 413)
            digest = hashlib.sha256(body).hexdigest()
            if digest != self.headers.get("X-Content-SHA256"):
                return error("checksum_mismatch", 400)
            if batch.closed_with is not None:
                return error("batch_closed", 409)
            if number in batch.pages:
                status = "duplicate" if batch.pages[number][0] == digest else "conflict"
                s.puts.append((batch.id, number, status))
                if status == "conflict":
                    return error("page_conflict", 409)
                return 200, {"number": number, "sha256": digest, "status": "duplicate"}
            batch.pages[number] = (digest, body, self.headers.get("Content-Type", ""))
            s.puts.append((batch.id, number, "stored"))
            return 201, {"number": number, "sha256": digest, "status": "stored"}
        if m := re.fullmatch(r"/batches/(\d+)/close", path):
            batch, count = s.batches[int(m.group(1))], json.loads(body)["page_count"]
            missing = [n for n in range(1, count + 1) if n not in batch.pages]
            if missing:
                return error("pages_missing", 409, missing=missing)
            batch.closed_with = count
            return 200, batch.json()
        if m := re.fullmatch(r"/batches/(\d+)", path):
            batch = s.batches[int(m.group(1))]
            job = {"state": "open", "pages_done": 0, "pages_total": 0, "softcopy_id": None}
            return 200, {**batch.json(), "job": job}
        return error("not_found", 404)


class FakePortal:
    def __init__(self) -> None:
        self.state = FakePortalState()
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakePortal:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def task(self, task_id: int, title: str = "Statistik Daerah", **extra: Any) -> dict[str, Any]:
        task = {
            "id": task_id,
            "kind": "digitise",
            "title": title,
            "publication_id": 7,
            "holding_barcode": None,
            "pages": "",
            "state": "pending",
            "claimed_by": None,
            "created_at": "2026-11-28T10:00:00+07:00",
            **extra,
        }
        self.state.tasks.append(task)
        return task
