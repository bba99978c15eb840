"""The test harness: run a command beside private Redis, Meilisearch and PostgreSQL on free
ports, then stop them. Development code (tests/), never imported by the product.

``python -m tests.testenv -- pytest`` is what ``make test`` (scripts/test.sh) runs. A service given
by the environment (``REDIS_URL``, ``MEILISEARCH_URL``) is used instead of a private one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from portal.errors import StackError
from portal.stack import services
from portal.stack.postgres import private_postgres


@contextlib.contextmanager
def running(args: list[str], *, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def private_meilisearch(
    workdir: Path, key: str, *, attempts: int = 3
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A private Meilisearch on a free port: yields (url, process), stops it afterwards.

    Another process can take a free port before Meilisearch binds it: a start that dies
    is retried on a new port.
    """
    for attempt in range(attempts):
        port = services.free_port()
        folder = workdir / f"meilisearch-{attempt}"
        folder.mkdir(parents=True)
        args = services.meilisearch_command(
            port=port, db_path=folder / "data.ms", master_key=key, dump_dir=folder / "dumps"
        )
        url = f"http://127.0.0.1:{port}"
        with running(args, log=folder / "meilisearch.log") as process:
            if _became_ready(url, process):
                yield url, process
                return
    raise StackError(f"Meilisearch would not start: {(folder / 'meilisearch.log').read_text()}")


def _became_ready(url: str, process: subprocess.Popen[bytes]) -> bool:
    """Wait for /health; False as soon as the process has exited (e.g. port taken)."""
    exited = False

    def probe() -> bool:
        nonlocal exited
        exited = process.poll() is not None
        return exited or services.meilisearch_ready(url)

    services.wait_until("meilisearch", probe, 60)
    return not exited


@contextlib.contextmanager
def private_services(workdir: Path) -> Iterator[dict[str, str]]:
    """Yield the environment pointing at Redis and Meilisearch, private ones if needed."""
    env: dict[str, str] = {}
    with contextlib.ExitStack() as stack:
        if os.environ.get("REDIS_URL"):
            env["REDIS_URL"] = os.environ["REDIS_URL"]
        else:
            port = services.free_port()
            data = workdir / "redis"
            data.mkdir()
            stack.enter_context(
                running(
                    services.redis_command(port=port, data_dir=data, persistent=False),
                    log=workdir / "redis.log",
                )
            )
            env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
            services.wait_until("redis", lambda: services.redis_reachable(env["REDIS_URL"]), 20)
        if os.environ.get("MEILISEARCH_URL"):
            env["MEILISEARCH_URL"] = os.environ["MEILISEARCH_URL"]
            env["MEILISEARCH_API_KEY"] = os.environ.get("MEILISEARCH_API_KEY", "")
        else:
            key = secrets.token_urlsafe(24)
            url, _ = stack.enter_context(private_meilisearch(workdir, key))
            env["MEILISEARCH_URL"], env["MEILISEARCH_API_KEY"] = url, key
        if os.environ.get("PUSTAKA_TEST_POSTGRES_URL"):
            env["PUSTAKA_TEST_POSTGRES_URL"] = os.environ["PUSTAKA_TEST_POSTGRES_URL"]
        else:
            env["PUSTAKA_TEST_POSTGRES_URL"] = stack.enter_context(private_postgres())
        yield env


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print("usage: python -m tests.testenv -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    with (
        tempfile.TemporaryDirectory(prefix="pustaka-test-") as tmp,
        private_services(Path(tmp)) as env,
    ):
        # Tests never touch the developer's var/ (secrets, database, storage).
        env["PUSTAKA_VAR_DIR"] = os.environ.get("PUSTAKA_VAR_DIR") or str(Path(tmp) / "var")
        print(
            "testenv: "
            + " ".join(f"{k}={v}" for k, v in sorted(env.items()) if k != "MEILISEARCH_API_KEY"),
            flush=True,
        )
        completed = subprocess.run(argv, env={**os.environ, **env}, check=False)
        return completed.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
