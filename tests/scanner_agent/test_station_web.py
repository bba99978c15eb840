"""The station page's guards, called as WSGI (fast, no browser): other origins, other
sites, other Host names and calls without the page's CSRF secret are refused, even on
127.0.0.1; the token never leaves the settings file (mode 0600)."""

from __future__ import annotations

import io
import json
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scanner_agent.spool import Spool
from scanner_agent.station.config import StationConfig, load, save
from scanner_agent.station.engine import Station
from scanner_agent.station.web import StationApp
from tests.scanner_agent.fake_portal import TOKEN as FAKE_TOKEN
from tests.scanner_agent.fake_portal import FakePortal

HOST = "127.0.0.1:8765"
TOKEN = "rahasia-token-stasiun-xyz"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[StationApp]:
    config = tmp_path / "station.json"
    save(config, StationConfig(server="http://127.0.0.1:9", token=TOKEN, station_name="Uji"))
    station = Station(config, Spool(tmp_path / "spool"))
    yield StationApp(station, allowed_hosts={HOST, "localhost:8765"})
    station.stop()


def call(
    app: StationApp, method: str, path: str, body: Any = None, **headers: str
) -> tuple[str, str]:
    data = json.dumps(body).encode() if body is not None else b""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "HTTP_HOST": headers.pop("host", HOST),
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.input": io.BytesIO(data),
        **{"HTTP_" + k.upper(): v for k, v in headers.items()},
    }
    status: list[str] = []
    chunks = app(environ, lambda s, h: status.append(s))  # type: ignore[arg-type,return-value]
    return status[0], b"".join(chunks).decode()


def csrf_of(app: StationApp) -> str:
    _, html = call(app, "GET", "/")
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_the_page_and_its_state_never_carry_the_token(app: StationApp, tmp_path: Path) -> None:
    status, html = call(app, "GET", "/")
    assert status == "200 OK"
    assert TOKEN not in html
    assert "<script>" not in html  # only /static/station.js runs (CSP script-src 'self')
    assert "{{" not in html  # every label filled in
    status, state = call(app, "GET", "/api/state", x_csrf_token=csrf_of(app))
    assert status == "200 OK"
    assert TOKEN not in state
    assert json.loads(state)["config"]["token_set"] is True
    assert stat.S_IMODE((tmp_path / "station.json").stat().st_mode) == 0o600
    _, english = call(app, "GET", "/en/")
    assert 'lang="en"' in english
    assert "Scanner Station" in english


def test_other_origins_and_sites_are_refused_even_on_loopback(app: StationApp) -> None:
    secret = csrf_of(app)
    evil = {"origin": "http://evil.example", "x_csrf_token": secret}
    assert call(app, "POST", "/api/close", {}, **evil)[0] == "403 Forbidden"
    lookalike = {"origin": "http://127.0.0.1:9999", "x_csrf_token": secret}
    assert call(app, "POST", "/api/close", {}, **lookalike)[0] == "403 Forbidden"
    cross_site = {"sec_fetch_site": "cross-site", "x_csrf_token": secret}
    assert call(app, "POST", "/api/close", {}, **cross_site)[0] == "403 Forbidden"
    assert call(app, "GET", "/api/thumb/" + "0" * 36 + "/1", sec_fetch_site="cross-site")[
        0
    ] == "403 Forbidden"  # fmt: skip
    assert call(app, "POST", "/api/close", {})[0] == "403 Forbidden"  # no CSRF secret
    assert call(app, "POST", "/api/close", {}, x_csrf_token="guess")[0] == "403 Forbidden"
    rebound = {"host": "attacker.example:8765", "x_csrf_token": secret}
    assert call(app, "GET", "/api/state", **rebound)[0] == "403 Forbidden"  # DNS rebinding
    same = {"origin": f"http://{HOST}", "x_csrf_token": secret, "sec_fetch_site": "same-origin"}
    status, body = call(app, "POST", "/api/close", {}, **same)
    assert status == "409 Conflict"  # allowed through, and refused in words: no open batch
    assert "Tidak ada batch terbuka" in json.loads(body)["error"]["id"]


def test_a_cross_site_link_may_open_the_page_but_not_act(app: StationApp) -> None:
    status, _ = call(app, "GET", "/", sec_fetch_site="cross-site")
    assert status == "200 OK"
    assert call(app, "GET", "/api/state", sec_fetch_site="cross-site")[0] == "403 Forbidden"


def test_address_and_token_are_checked_against_the_server_before_saving(
    app: StationApp, tmp_path: Path, dead_url: str, portal: FakePortal
) -> None:
    secret = csrf_of(app)
    saved = tmp_path / "station.json"
    for server, token, code in (
        (dead_url, "another-token", "server_unreachable"),
        (portal.url, "not-the-token", "bad_token"),
    ):
        body = {"server": server, "token": token}
        status, answer = call(app, "POST", "/api/setup", body, x_csrf_token=secret)
        assert status == "409 Conflict"
        assert json.loads(answer)["error"]["code"] == code
        assert load(saved).token == TOKEN  # unchanged: checked first
    body = {"server": portal.url, "token": FAKE_TOKEN}
    status, answer = call(app, "POST", "/api/setup", body, x_csrf_token=secret)
    assert status == "200 OK", answer
    assert (load(saved).server, load(saved).token) == (portal.url, FAKE_TOKEN)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert FAKE_TOKEN not in answer
