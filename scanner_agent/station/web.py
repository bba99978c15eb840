"""The station page's web edge: a small WSGI app on the standard library.

Served on 127.0.0.1 by default, and still guarded as if it were not: the Host header
must name this station (DNS rebinding), a request from another origin is refused
(``Origin`` / ``Sec-Fetch-Site``), and every API call must carry the per-process
CSRF secret from the page in a header (which a foreign page cannot read or send
without a CORS preflight that is never granted). The station token is never in a
page, a URL or a log line: the page only ever learns whether one is set.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import re
import secrets
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

from scanner_agent.errors import ScannerAgentError, SpoolError
from scanner_agent.station import edits
from scanner_agent.station.engine import Station
from scanner_agent.station.page import render_page
from scanner_agent.station.state import message, station_state

log = logging.getLogger("scanner_agent.station")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
]
STATIC = {"station.js", "station.css"}
THUMB_CACHE = 2000  # thumbnails kept in memory (about 10 KB each)
THUMB = re.compile(r"^/api/thumb/([0-9a-f-]{36})/(\d+)$")
Handler = Callable[[dict[str, Any]], Any]


class Refused(Exception):
    """A request the station will not serve: 400/403/404/405, with a short reason."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class StationApp:
    def __init__(self, station: Station, *, allowed_hosts: Iterable[str]) -> None:
        self.station = station
        self.allowed_hosts = set(allowed_hosts)
        self.csrf = secrets.token_urlsafe(32)
        self._thumbs: dict[tuple[str, int], bytes] = {}
        s = station
        self.actions: dict[str, Handler] = {
            "setup": lambda b: {
                "station": s.connect(str(b.get("server", "")), str(b.get("token", "")))
            },
            "options": lambda b: s.set_options(**b),
            "devices": lambda b: s.refresh_devices(),
            "queue": lambda b: s.refresh_queue(),
            "claim": lambda b: s.claim(int(b["task"])),
            "new-batch": lambda b: s.new_batch(str(b.get("title", ""))),
            "preview": lambda b: s.take_preview(),
            "scan": lambda b: s.scan(str(b.get("kind", "append")), _int(b.get("target"))),
            "edit": lambda b: s.edit(str(b["action"]), int(b["number"]), int(b.get("value", 0))),
            "continue": lambda b: s.resume(rescan_last=bool(b.get("rescan_last"))),
            "prompt": lambda b: s.continue_prompt(),
            "close": lambda b: s.close(),
            "done": lambda b: s.finish_view(),
            "demo-fault": lambda b: s.arm_demo_fault(str(b["fault"]), int(b.get("after", 0))),
        }

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/")
        try:
            self._guard(environ, method, path)
            status, headers, body = self._route(environ, method, path)
        except Refused as exc:
            log.warning("refused %s %s: %s", method, path, exc)
            status, headers, body = exc.status, [("Content-Type", "text/plain")], str(exc).encode()
        names = {name.lower() for name, _ in headers}
        extra = [(n, v) for n, v in SECURITY_HEADERS if n.lower() not in names]
        start_response(status, [*headers, *extra])
        return [body]

    # --- guards --------------------------------------------------------------------------

    def _guard(self, environ: WSGIEnvironment, method: str, path: str) -> None:
        host = environ.get("HTTP_HOST", "")
        if host not in self.allowed_hosts:
            raise Refused("403 Forbidden", "unknown Host")
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and origin != f"http://{host}":
            raise Refused("403 Forbidden", "cross-origin request")
        site = environ.get("HTTP_SEC_FETCH_SITE", "same-origin")
        page = method == "GET" and path in ("/", "/en/")
        if site not in ("same-origin", "none") and not page:
            raise Refused("403 Forbidden", "cross-site request")
        if path.startswith("/api/") and not THUMB.match(path) and path != "/api/preview.png":
            sent = environ.get("HTTP_X_CSRF_TOKEN", "")
            if not secrets.compare_digest(sent, self.csrf):
                raise Refused("403 Forbidden", "missing or wrong CSRF token")

    # --- routes --------------------------------------------------------------------------

    def _route(
        self, environ: WSGIEnvironment, method: str, path: str
    ) -> tuple[str, list[tuple[str, str]], bytes]:
        if path in ("/", "/en/"):
            self._method(method, "GET")
            html = render_page(
                "en" if path == "/en/" else "id", csrf=self.csrf, demo=self.station.demo
            )
            return "200 OK", [("Content-Type", "text/html; charset=utf-8")], html.encode()
        if path.startswith("/static/") and path[8:] in STATIC:
            self._method(method, "GET")
            content = (
                resources.files("scanner_agent.station").joinpath("static", path[8:]).read_bytes()
            )
            ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return "200 OK", [("Content-Type", ctype)], content
        if path == "/api/state":
            self._method(method, "GET")
            return _json(station_state(self.station))
        if path == "/api/preview.png":
            self._method(method, "GET")
            if self.station.preview is None:
                raise Refused("404 Not Found", "no preview yet")
            return "200 OK", [("Content-Type", "image/png")], self.station.preview.png
        if match := THUMB.match(path):
            self._method(method, "GET")
            return self._thumb(match.group(1), int(match.group(2)))
        if path.startswith("/api/") and path[5:] in self.actions:
            self._method(method, "POST")
            return self._action(path[5:], environ)
        raise Refused("404 Not Found", "not found")

    @staticmethod
    def _method(method: str, allowed: str) -> None:
        if method != allowed:
            raise Refused("405 Method Not Allowed", f"use {allowed}")

    def _thumb(self, batch_id: str, number: int) -> tuple[str, list[tuple[str, str]], bytes]:
        batch = self.station.batches.get(batch_id)
        if batch is None or number not in {p.number for p in batch.manifest.pages}:
            raise Refused("404 Not Found", "no such page")
        key = (batch_id, number)
        thumb = self._thumbs.get(key)
        if thumb is None:  # a capture never changes: made once, cached here and by the browser
            thumb = edits.thumbnail(batch, number)
            if len(self._thumbs) >= THUMB_CACHE:
                self._thumbs.pop(next(iter(self._thumbs)))
            self._thumbs[key] = thumb
        headers = [("Content-Type", "image/jpeg"), ("Cache-Control", "private, max-age=86400")]
        return "200 OK", headers, thumb

    def _action(
        self, name: str, environ: WSGIEnvironment
    ) -> tuple[str, list[tuple[str, str]], bytes]:
        if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            raise Refused("400 Bad Request", "send JSON")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(min(length, 1_000_000)) or b"{}")
            if not isinstance(body, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            raise Refused("400 Bad Request", f"bad JSON: {exc}") from exc
        try:
            result = self.actions[name](body)
        except ScannerAgentError as exc:
            log.info("%s: %s (%s)", name, exc.code, exc.detail)
            status = (
                "409 Conflict" if not isinstance(exc, SpoolError) else "500 Internal Server Error"
            )
            return _json({"error": message(exc)}, status)
        except (KeyError, TypeError, ValueError) as exc:
            raise Refused("400 Bad Request", f"bad request: {type(exc).__name__}") from exc
        return _json({"ok": True, "result": result})


def _json(data: Any, status: str = "200 OK") -> tuple[str, list[tuple[str, str]], bytes]:
    body = json.dumps(data, ensure_ascii=False).encode()
    return status, [("Content-Type", "application/json")], body


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)
