"""Fan-in must hold on a real server database: concurrent workers finishing pages at once.

Runs tests/catalogue/fanin_scenario.py in a subprocess whose Django talks to a fresh
PostgreSQL database (the test command provides a private cluster).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.integration
SCENARIO = Path(__file__).with_name("fanin_scenario.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres_database_url() -> str:
    server = os.environ.get("PUSTAKA_TEST_POSTGRES_URL")
    assert server, "run through the test command (scripts/test.sh), which provides PostgreSQL"
    name = f"pustaka_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_concurrent_page_finishes_count_exactly_and_assemble_once(
    postgres_database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": postgres_database_url,
        "PUSTAKA_STORAGE_ROOT": str(tmp_path / "storage"),
    }
    result = subprocess.run(
        [sys.executable, str(SCENARIO), "--pages", "24", "--threads", "8"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["vendor"] == "postgresql"
    assert outcome["pages_done"] == 24
    assert outcome["pages_total"] == 24
    assert outcome["state"] == "assembling"
    assert outcome["assemble_enqueued"] == 1
