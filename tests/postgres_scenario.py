"""What must hold on a real server database is checked by a scenario script run in a
subprocess whose Django talks to a fresh PostgreSQL database (``postgres_database_url``
in tests/conftest.py; the test command provides a private cluster).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
