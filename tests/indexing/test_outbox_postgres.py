"""Concurrent edits, flushes and a reindex on PostgreSQL: the sync lock loses nothing."""

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
SCENARIO = Path(__file__).with_name("outbox_pg_scenario.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres_database_url() -> Iterator[str]:
    server = os.environ.get("PUSTAKA_TEST_POSTGRES_URL")
    assert server, "run through the test command, which provides PostgreSQL"
    name = f"pustaka_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_concurrent_flushes_and_reindex_end_in_step(
    postgres_database_url: str,
    meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    url, key, _ = meilisearch_instance
    env = {
        **os.environ,
        "DATABASE_URL": postgres_database_url,
        "MEILISEARCH_URL": url,
        "MEILISEARCH_API_KEY": key,
        "MEILISEARCH_INDEX_PREFIX": "pg",
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
    assert outcome["errors"] == []
    assert outcome["stale"] == []  # no older build overwrote a newer one
    status = outcome["status"]
    assert status["outbox"]["pending"] == 0
    assert status["indexes"]["publications"] == {"database": 30, "index": 30, "in_step": True}
    assert status["indexes"]["pages"] == {"database": 120, "index": 120, "in_step": True}
