"""Concurrent edits, flushes and a reindex on PostgreSQL: the sync lock loses nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.postgres_scenario import run_scenario

pytestmark = pytest.mark.integration
SCENARIO = Path(__file__).with_name("outbox_pg_scenario.py")


def test_concurrent_flushes_and_reindex_end_in_step(
    postgres_database_url: str,
    meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    url, key, _ = meilisearch_instance
    outcome = run_scenario(
        SCENARIO,
        database_url=postgres_database_url,
        storage=tmp_path / "storage",
        env={
            "MEILISEARCH_URL": url,
            "MEILISEARCH_API_KEY": key,
            "MEILISEARCH_INDEX_PREFIX": "pg",
        },
    )
    assert outcome["errors"] == []
    assert outcome["stale"] == []  # no older build overwrote a newer one
    status = outcome["status"]
    assert status["outbox"]["pending"] == 0
    assert status["indexes"]["publications"] == {"database": 30, "index": 30, "in_step": True}
    assert status["indexes"]["pages"] == {"database": 120, "index": 120, "in_step": True}
