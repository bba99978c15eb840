"""The stack supervisor restarts a crashed part with backoff, leaves the others alone,
reports restarts, and on SIGTERM stops every process it started (grandchildren too)."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from portal.stack.supervisor import read_status

REPO_ROOT = Path(__file__).resolve().parents[2]


def _wait(predicate, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def _supervise(parts: dict, run_dir: Path, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.portal.supervised",
                json.dumps(parts),
                str(run_dir),
                *extra,
            ],
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def test_crashed_part_restarts_with_backoff_and_sigterm_leaves_nothing(tmp_path: Path) -> None:
    parts = {
        "steady": ["sh", "-c", "sleep 300 & exec sleep 300"],  # a child in its group, too
        "crashy": ["sh", "-c", "echo crash; sleep 0.1; exit 3"],
    }
    run_dir = tmp_path / "run"
    log = tmp_path / "out.log"
    supervisor = _supervise(parts, run_dir, log)
    try:
        _wait(
            lambda: (
                (read_status(run_dir) or {}).get("parts", {}).get("crashy", {}).get("restarts", 0)
                >= 5
            )
        )
        status = read_status(run_dir)
        assert status is not None
        steady = status["parts"]["steady"]
        assert steady["state"] == "running"
        assert steady["restarts"] == 0
        assert status["parts"]["crashy"]["last_exit"] == 3
        descendants = psutil.Process(supervisor.pid).children(recursive=True)
        assert psutil.Process(steady["pid"]).is_running()
    finally:
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(15) == 0
    _gone, alive = psutil.wait_procs(descendants, timeout=5)
    assert alive == [], [p.cmdline() for p in alive]
    assert read_status(run_dir) is None
    assert not (run_dir / "supervisor.json").exists()
    text = log.read_text()
    assert re.search(r"^\S+ crashy +\| crash$", text, re.MULTILINE), text
    # The first crash restarts at once (users wait for that part); repeated crashes back
    # off from 0.2 s, doubling to the 0.8 s cap; every restart is logged.
    assert "crashy exited with code 3; restart 1 in 0 s" in text
    assert "restart 2 in 0.2 s" in text
    assert "restart 3 in 0.4 s" in text
    assert "restart 5 in 0.8 s" in text
    assert "restart 1 in 0 s" in (run_dir / "supervisor.log").read_text()
    assert "SIGTERM received: stopping every part" in text


def test_a_part_that_had_stayed_up_restarts_at_once_after_each_crash(tmp_path: Path) -> None:
    # Up 0.4 s each time, "stable" after 0.2 s: every crash is a first crash again.
    parts = {"flaky": ["sh", "-c", "sleep 0.4; exit 4"]}
    run_dir, log = tmp_path / "run", tmp_path / "out.log"
    supervisor = _supervise(parts, run_dir, log, "0.2")
    try:
        _wait(
            lambda: (
                (read_status(run_dir) or {}).get("parts", {}).get("flaky", {}).get("restarts", 0)
                >= 3
            )
        )
    finally:
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(15) == 0
    text = log.read_text()
    for n in (1, 2, 3):
        assert f"flaky exited with code 4; restart {n} in 0 s" in text, text
