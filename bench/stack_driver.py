"""Drive a real ``pustaka run`` stack from outside, as an operator would, for fault tests.

The stack runs in its own ``var/`` with a private Redis (append-only, as ``make run``
starts it when no Redis answers) and a private Meilisearch. Jobs go in through the
``pustaka`` CLI; their state is read straight from the stack's SQLite database (read
only), so polling costs no Django start-up. Faults are delivered by PID only to
processes this driver started.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from portal.stack import services
from portal.stack.supervisor import read_status
from portal.stackenv import read_stack_env

REPO_ROOT = Path(__file__).resolve().parents[1]
FINAL = ("done", "failed")


@dataclass
class Stack:
    root: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    runs: int = 0
    _celery: Any = None

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = self.port or services.free_port()

    @property
    def var_dir(self) -> Path:
        return self.root / "var"

    @property
    def env(self) -> dict[str, str]:
        drop = {"MEILISEARCH_URL", "MEILISEARCH_API_KEY", "DATABASE_URL", "REDIS_URL"}
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env.update(
            PUSTAKA_VAR_DIR=str(self.var_dir),
            PUSTAKA_ADMIN_PASSWORD="faults-admin-password",
            PUSTAKA_WORKER_CONCURRENCY="1",
            PUSTAKA_WEB_WORKERS="1",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    # -- life cycle -------------------------------------------------------------------
    def start(self) -> None:
        """``pustaka run`` (what ``make run`` calls), its output in ``run-N.log``."""
        self.runs += 1
        env = self.env
        # Nothing listens here, so the stack starts its private Redis (data in var/redis).
        env["REDIS_URL"] = f"redis://127.0.0.1:{services.free_port()}/0"
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "portal.cli", "run", "--port", str(self.port)],
                cwd=REPO_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    @property
    def log(self) -> Path:
        return self.root / "run.log"

    def wait_healthy(self, timeout: float = 120) -> float:
        """Seconds until ``/healthz`` answers 200."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"pustaka run exited:\n{self.log.read_text()[-4000:]}")
            if self.health()[0] == 200:
                return time.monotonic() - started
            time.sleep(0.25)
        raise TimeoutError(f"/healthz not 200 after {timeout} s: {self.health()}")

    def descendants(self) -> list[psutil.Process]:
        if self.process is None:
            return []
        try:
            return [
                psutil.Process(self.process.pid),
                *psutil.Process(self.process.pid).children(True),
            ]
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> list[str]:
        """Ctrl-C; returns the command lines of any process left behind (should be none)."""
        if self.process is None:
            return []
        procs = self.descendants()
        self.process.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(60)
        _gone, alive = psutil.wait_procs(procs, timeout=15)
        strays = []
        for proc in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                strays.append(" ".join(proc.cmdline()))
                proc.kill()
        self.process = None
        return strays

    def power_cut(self) -> int:
        """SIGKILL every process of the stack at once (what a power cut does)."""
        procs = self.descendants()
        for proc in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.send_signal(signal.SIGKILL)
        psutil.wait_procs(procs, timeout=15)
        self.process = None
        return len(procs)

    def broker_restart_empty(self) -> None:
        """Kill the private Redis and delete its data: the supervisor starts it again,
        empty (what a restart of a Redis without persistence does to the queues).

        Redis is frozen while its files go: killed first, the supervisor (which restarts a
        first crash at once) could start the new Redis on half-deleted files, which it
        refuses, and count a second restart."""
        pid = self.part_pid("redis")
        os.kill(pid, signal.SIGSTOP)  # writes nothing more, and is still "running"
        for item in (self.var_dir / "redis").iterdir():
            if item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
        os.kill(pid, signal.SIGKILL)

    def part_pid(self, name: str) -> int:
        status = read_status(self.var_dir / "run") or {}
        pid = status.get("parts", {}).get(name, {}).get("pid")
        if not pid:
            raise RuntimeError(f"{name} is not running: {status}")
        return int(pid)

    def restarts(self) -> dict[str, int]:
        status = read_status(self.var_dir / "run") or {}
        return {name: part["restarts"] for name, part in status.get("parts", {}).items()}

    def workers_answering(self, timeout: float = 0.3) -> list[str]:
        """Names of the workers that answer a ping on the stack's broker right now."""
        from celery import Celery

        url = read_stack_env(self.var_dir).get("REDIS_URL", "")
        if self._celery is None or self._celery.conf.broker_url != url:
            self._celery = Celery(broker=url)
        try:
            replies = self._celery.control.ping(timeout=timeout) or []
        except Exception:
            return []
        return [name for reply in replies for name in reply]

    # -- HTTP and CLI -----------------------------------------------------------------
    def get(self, path: str, timeout: float = 5) -> tuple[int, bytes]:
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (urllib.error.URLError, OSError):
            return 0, b""

    def health(self) -> tuple[int, dict[str, Any]]:
        status, body = self.get("/healthz")
        try:
            return status, json.loads(body) if body else {}
        except ValueError:
            return status, {}

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "portal.cli", *args],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def ingest(self, paths: list[Path], title: str) -> int:
        done = self.cli("ingest", *map(str, paths), "--title", title, "--json")
        if done.returncode != 0:
            raise RuntimeError(f"ingest failed: {done.stdout}{done.stderr}")
        return int(json.loads(done.stdout.strip().splitlines()[-1])["job_id"])

    # -- the database, read only ------------------------------------------------------
    def query(self, sql: str, *params: object) -> list[dict[str, Any]]:
        uri = f"file:{self.var_dir / 'pustaka.sqlite3'}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(row) for row in conn.execute(sql, params)]

    def job(self, job_id: int) -> dict[str, Any]:
        return self.query(
            "SELECT state, pages_total, pages_done, redispatches, softcopy_id, error_code,"
            " error_id, error_en FROM catalogue_digitisationjob WHERE id = ?",
            job_id,
        )[0]

    def pages(self, job_id: int) -> list[dict[str, Any]]:
        return self.query(
            "SELECT id, state, attempts, redispatches, worker FROM catalogue_jobpage"
            " WHERE job_id = ? ORDER BY id",
            job_id,
        )

    def softcopy_pages(self, softcopy_id: int) -> int:
        rows = self.query(
            "SELECT count(*) AS n FROM catalogue_page WHERE softcopy_id = ?", softcopy_id
        )
        return int(rows[0]["n"])

    def wait_job(self, job_id: int, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            job = self.job(job_id)
            if job["state"] in FINAL:
                return job
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {job['state']} after {timeout} s: {job}")
            time.sleep(0.2)

    def wait_page_processing(self, job_id: int, timeout: float = 60) -> int:
        """The id of a page of ``job_id`` seen ``processing``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for page in self.pages(job_id):
                if page["state"] == "processing":
                    return int(page["id"])
            time.sleep(0.05)
        raise TimeoutError(f"no page of job {job_id} was seen processing: {self.pages(job_id)}")
