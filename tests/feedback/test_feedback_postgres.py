"""One answer per visit and gap-free register numbers must hold on a real server database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postgres_scenario import run_scenario

pytestmark = pytest.mark.integration
SCENARIO = Path(__file__).with_name("feedback_race_scenario.py")


def test_racing_survey_answers_and_complaints_on_postgresql(
    postgres_database_url: str, tmp_path: Path
) -> None:
    outcome = run_scenario(
        SCENARIO, database_url=postgres_database_url, storage=tmp_path / "storage"
    )
    # Eight submissions of one visit's link at once, all past the check: one answer stays.
    assert outcome["survey"] == {"stored": 1, "survey_already_answered": 7}
    assert (outcome["responses"], outcome["receipts"]) == (1, 1)
    # Eight complaints at once get eight different, gap-free register numbers.
    year = outcome["references"][0][4:8]
    assert outcome["references"] == [f"PGD-{year}-{n:04d}" for n in range(1, 9)]
