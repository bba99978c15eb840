"""Locker atomicity, queue numbering and lending a copy must hold on a real server database.

Runs tests/visitors/visitors_locker_scenario.py in a subprocess whose Django talks to a
fresh PostgreSQL database (the test command provides a private cluster).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postgres_scenario import run_scenario

pytestmark = pytest.mark.integration
SCENARIO = Path(__file__).with_name("visitors_locker_scenario.py")


def test_simultaneous_sign_ins_and_locker_assignments_on_postgresql(
    postgres_database_url: str, tmp_path: Path
) -> None:
    visitors, lockers, rounds = 24, 8, 5
    outcome = run_scenario(
        SCENARIO,
        *("--visitors", str(visitors), "--lockers", str(lockers), "--rounds", str(rounds)),
        database_url=postgres_database_url,
        storage=tmp_path / "storage",
    )
    # 24 people signing in at the same moment get 24 different, gap-free queue numbers.
    assert outcome["sign_in_errors"] == []
    assert outcome["queue_numbers"] == list(range(1, visitors + 1))
    assert len(outcome["rounds"]) == rounds
    for each in outcome["rounds"]:
        # Every locker handed out exactly once; everyone else told there is none free.
        assert each["assigned"] == list(range(1, lockers + 1)), each
        assert each["errors"] == {"no_free_locker": visitors - lockers}, each
        assert each["max_holders_per_locker"] == 1
    # Everyone asks for locker 1 at once: one gets it, the others are told it is taken.
    assert outcome["named"] == {"1": 1, "locker_taken": visitors - 1}
    # Everyone scans the same printed copy at once: one visitor reads it.
    assert outcome["reading"] == {"lent": 1, "holding_in_reading_room": visitors - 1}
    assert outcome["reading_status"] == "reading_room"
