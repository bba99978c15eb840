"""Acceptance: `pustaka run` brings the whole stack up and SIGINT stops every child."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from portal.stack import services

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO_ROOT = Path(__file__).resolve().parents[2]


def _get_health(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)
    except (urllib.error.URLError, OSError):
        return 0, {}


def test_run_starts_everything_and_sigint_leaves_no_process(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    port = services.free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MEILISEARCH_URL", "MEILISEARCH_API_KEY"}
    }
    env.update(
        PUSTAKA_VAR_DIR=str(var_dir),
        # Nothing listens here, so the stack must start a private Redis of its own.
        REDIS_URL=f"redis://127.0.0.1:{services.free_port()}/0",
        PUSTAKA_ADMIN_PASSWORD="",
        PUSTAKA_WORKER_CONCURRENCY="1",
        PUSTAKA_WEB_WORKERS="1",
    )
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        stack = subprocess.Popen(
            [sys.executable, "-m", "portal.cli", "run", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        status, body = 0, {}
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and status != 200:
            assert stack.poll() is None, log.read_text()
            time.sleep(1)
            status, body = _get_health(f"http://127.0.0.1:{port}/healthz")
        assert status == 200, (body, log.read_text()[-4000:])
        states = {name: c["state"] for name, c in body["components"].items()}
        # A fresh stack has made no backup yet: a warning to the operator, no part down.
        assert states.pop("backup") == "warn"
        assert set(states.values()) == {"ok"}, states
        assert body["components"]["workers"]["count"] >= 1
        children = psutil.Process(stack.pid).children(recursive=True)
        names = " ".join(" ".join(p.cmdline()) for p in children)
        for program in ("redis-server", "meilisearch", "celery", "gunicorn", " beat "):
            assert program in names
    finally:
        stack.send_signal(signal.SIGINT)
        stack.wait(60)
    _gone, alive = psutil.wait_procs(children, timeout=15)
    assert alive == [], [p.cmdline() for p in alive]
    text = log.read_text()
    assert "Created admin account 'admin' with password:" in text
    assert f"http://127.0.0.1:{port}/healthz" in text
    assert stat.S_IMODE((var_dir / "meilisearch" / "master_key").stat().st_mode) == 0o600
    assert any((var_dir / "redis").rglob("*.aof")), "private Redis must persist (appendonly)"
    assert not (var_dir / "run" / "stack.env").exists()
