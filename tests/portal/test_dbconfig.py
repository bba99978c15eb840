"""PostgreSQL connection settings read from the environment (portal/dbconfig.py)."""

from __future__ import annotations

import pytest

from portal.dbconfig import DEFAULT_CONN_MAX_AGE, POOL_TIMEOUT_SECONDS, tune_server_database
from portal.errors import ConfigurationError

VARIABLES = ("PUSTAKA_DB_CONN_MAX_AGE", "PUSTAKA_DB_HEALTH_CHECKS", "PUSTAKA_DB_POOL")


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_reuse_connections_and_check_them() -> None:
    tuned = tune_server_database({"ENGINE": "django.db.backends.postgresql"})
    assert tuned["CONN_MAX_AGE"] == DEFAULT_CONN_MAX_AGE
    assert tuned["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in tuned.get("OPTIONS", {})


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("300", 300), ("none", None)])
def test_conn_max_age_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: int | None
) -> None:
    monkeypatch.setenv("PUSTAKA_DB_CONN_MAX_AGE", raw)
    monkeypatch.setenv("PUSTAKA_DB_HEALTH_CHECKS", "no")
    tuned = tune_server_database({})
    assert tuned["CONN_MAX_AGE"] == expected
    assert tuned["CONN_HEALTH_CHECKS"] is False


def test_a_pool_replaces_persistent_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUSTAKA_DB_POOL", "2:8")
    monkeypatch.setenv("PUSTAKA_DB_CONN_MAX_AGE", "60")
    tuned = tune_server_database({"OPTIONS": {"sslmode": "require"}})
    assert tuned["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert tuned["OPTIONS"] == {
        "sslmode": "require",
        "pool": {"min_size": 2, "max_size": 8, "timeout": POOL_TIMEOUT_SECONDS},
    }


@pytest.mark.parametrize(
    ("name", "raw"),
    [("PUSTAKA_DB_CONN_MAX_AGE", "soon"), ("PUSTAKA_DB_POOL", "8:2"), ("PUSTAKA_DB_POOL", "x")],
)
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, raw: str) -> None:
    monkeypatch.setenv(name, raw)
    with pytest.raises(ConfigurationError):
        tune_server_database({})
