"""``migrate`` is safe with workers running, on a real server database.

Runs tests/catalogue/migrate_scenario.py in a subprocess whose Django talks to a fresh
PostgreSQL database (the test command provides a private cluster): workers with the old
release's models update pages while the new release migrates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postgres_scenario import run_scenario

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SCENARIO = Path(__file__).with_name("migrate_scenario.py")


def test_migrate_with_workers_running(postgres_database_url: str, tmp_path: Path) -> None:
    outcome = run_scenario(
        SCENARIO, database_url=postgres_database_url, storage=tmp_path / "storage"
    )
    # a stuck task's lock: migrate gives up (lock_timeout) and applies nothing half-way
    assert outcome["stuck_migrate"] == "LockNotAvailable", outcome
    assert outcome["applied_after_stuck"] is False
    # then it applies everything while the old workers go on, before and after it
    assert outcome["unapplied"] == []
    assert outcome["ops_during_migrate"] > 0
    assert outcome["ops_after_migrate"] > 0
    assert outcome["errors"] == []
    # every page counted exactly once, re-deliveries included
    assert outcome["done_rows"] == outcome["pages"] == outcome["pages_done"]
    # connections opened before the migration see the new column
    assert outcome["redispatches"] == [0]
