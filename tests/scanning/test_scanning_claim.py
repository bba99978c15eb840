"""Two stations can never hold the same task: a race of threads on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.scanning.claim_race import race

RACE = Path(__file__).with_name("claim_race.py")
REPO_ROOT = Path(__file__).resolve().parents[2]
TASKS, STATIONS = 12, 6


def _check(outcome: dict) -> None:
    assert outcome["errors"] == []
    assert outcome["max_winners_per_task"] == 1  # never two stations for one task
    assert outcome["tasks_claimed"] == TASKS
    assert outcome["claims_refused"] == TASKS * (STATIONS - 1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_on_sqlite() -> None:
    outcome = race(tasks=TASKS, stations=STATIONS)
    assert outcome["vendor"] == "sqlite"
    _check(outcome)


@pytest.fixture
def postgres_database_url() -> Iterator[str]:
    server = os.environ.get("PUSTAKA_TEST_POSTGRES_URL")
    assert server, "run through the test command, which provides PostgreSQL"
    name = f"pustaka_scan_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.mark.integration
def test_concurrent_claims_on_postgresql(postgres_database_url: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": postgres_database_url,
        "PUSTAKA_STORAGE_ROOT": str(tmp_path / "storage"),
    }
    result = subprocess.run(
        [sys.executable, str(RACE), str(TASKS), str(STATIONS)],
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
    _check(outcome)
