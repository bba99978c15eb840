"""The `stack` health component reads the supervisor's file: restarts per part, a part
waiting out its backoff is down, and a file left by a killed supervisor means nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from portal.health.stack import check_stack


def _write(run_dir: Path, pid: int, worker_state: str = "running") -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    parts = {
        "worker": {"state": worker_state, "pid": 11, "restarts": 2, "last_exit": -9},
        "web": {"state": "running", "pid": 12, "restarts": 0, "last_exit": None},
    }
    (run_dir / "supervisor.json").write_text(json.dumps({"pid": pid, "parts": parts}))


def test_restarts_per_part_and_a_restarting_part_is_down(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    assert check_stack().detail == {"supervised": False}

    _write(tmp_path / "run", os.getpid())
    status = check_stack()
    assert status.ok
    assert status.detail["restarts"] == {"worker": 2, "web": 0}

    _write(tmp_path / "run", os.getpid(), worker_state="restarting")
    status = check_stack()
    assert not status.ok
    assert status.error == "restarting: worker"


def test_file_of_a_dead_supervisor_is_ignored(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    _write(tmp_path / "run", int(gone.stdout))
    assert check_stack().detail == {"supervised": False}
