"""One answer per visit and gap-free register numbers must hold on a real server database."""

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

pytestmark = pytest.mark.integration
SCENARIO = Path(__file__).with_name("feedback_race_scenario.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres_database_url() -> Iterator[str]:
    """A fresh database on the test command's private PostgreSQL, dropped afterwards."""
    server = os.environ.get("PUSTAKA_TEST_POSTGRES_URL")
    assert server, "run through the test command (portal.stack.testenv), which provides PostgreSQL"
    name = f"pustaka_feedback_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_racing_survey_answers_and_complaints_on_postgresql(
    postgres_database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": postgres_database_url,
        "PUSTAKA_STORAGE_ROOT": str(tmp_path / "storage"),
    }
    result = subprocess.run(
        [sys.executable, str(SCENARIO)],
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
    # Eight submissions of one visit's link at once, all past the check: one answer stays.
    assert outcome["survey"] == {"stored": 1, "survey_already_answered": 7}
    assert (outcome["responses"], outcome["receipts"]) == (1, 1)
    # Eight complaints at once get eight different, gap-free register numbers.
    year = outcome["references"][0][4:8]
    assert outcome["references"] == [f"PGD-{year}-{n:04d}" for n in range(1, 9)]
