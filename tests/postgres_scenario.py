"""What must hold on a real server database is checked by a scenario script run in a
subprocess whose Django talks to a fresh PostgreSQL database (``postgres_database_url``
in tests/conftest.py; the test command provides a private cluster).

``run_scenario`` is the test's side; ``run_at_once`` the scenario script's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_scenario(
    script: Path,
    *args: str,
    database_url: str,
    storage: Path,
    env: dict[str, str] | None = None,
    timeout: int = 300,
) -> dict[str, Any]:
    """Run ``script`` against ``database_url``; return the JSON object it prints last."""
    result = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "PUSTAKA_STORAGE_ROOT": str(storage),
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["vendor"] == "postgresql"
    return outcome


def run_at_once(count: int, work: Callable[[int], Any], *, refused: type[Exception]) -> list[Any]:
    """In a scenario script: run ``work(i)`` for i in range(count), one thread each,
    released together; a ``refused`` error becomes its ``code``, anything else is kept
    as "unexpected: …" so the test sees it."""
    from django.db import connections

    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def one(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except refused as exc:
            results[i] = getattr(exc, "code", repr(exc))
        except Exception as exc:
            results[i] = f"unexpected: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
