"""Two stations can never hold the same task: a race of threads on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postgres_scenario import run_scenario
from tests.scanning.claim_race import race

RACE = Path(__file__).with_name("claim_race.py")
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


@pytest.mark.integration
def test_concurrent_claims_on_postgresql(postgres_database_url: str, tmp_path: Path) -> None:
    outcome = run_scenario(
        RACE,
        str(TASKS),
        str(STATIONS),
        database_url=postgres_database_url,
        storage=tmp_path / "storage",
    )
    _check(outcome)
