"""Fan-in must hold on a real server database: concurrent workers finishing pages at once.

Runs tests/catalogue/fanin_scenario.py in a subprocess whose Django talks to a fresh
PostgreSQL database (the test command provides a private cluster).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postgres_scenario import run_scenario

pytestmark = pytest.mark.integration
SCENARIO = Path(__file__).with_name("fanin_scenario.py")


def test_concurrent_page_finishes_count_exactly_and_assemble_once(
    postgres_database_url: str, tmp_path: Path
) -> None:
    outcome = run_scenario(
        SCENARIO,
        "--pages",
        "24",
        "--threads",
        "8",
        database_url=postgres_database_url,
        storage=tmp_path / "storage",
    )
    assert outcome["pages_done"] == 24
    assert outcome["pages_total"] == 24
    assert outcome["state"] == "assembling"
    assert outcome["assemble_enqueued"] == 1
