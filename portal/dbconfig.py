"""PostgreSQL connection settings from the environment: reuse, health checks, a pool.

The defaults were chosen from measurements (``bench/db_connections.py``, the section
"Database connections" of docs/benchmarks.md); the variables are there to re-measure.

- ``PUSTAKA_DB_CONN_MAX_AGE``: seconds a connection is reused across requests and
  tasks; ``0`` opens one per request/task; ``none`` keeps it for the process's life.
- ``PUSTAKA_DB_HEALTH_CHECKS``: check a reused connection before a request uses it,
  so one the server dropped (restart, network cut) is replaced instead of failing.
- ``PUSTAKA_DB_POOL``: ``MIN:MAX`` connections in a psycopg pool per process instead of
  one connection per thread (needs the ``psycopg-pool`` package).
"""

from __future__ import annotations

from typing import Any

from portal.config import env_bool, env_str
from portal.errors import ConfigurationError

DEFAULT_CONN_MAX_AGE = 60
POOL_TIMEOUT_SECONDS = 10  # waiting longer for a free connection than this is an outage


def conn_max_age() -> int | None:
    raw = env_str("PUSTAKA_DB_CONN_MAX_AGE", "").strip().lower()
    if raw == "":
        return DEFAULT_CONN_MAX_AGE
    if raw in ("none", "persistent"):
        return None
    if raw.isdigit():
        return int(raw)
    raise ConfigurationError(f"PUSTAKA_DB_CONN_MAX_AGE must be seconds or 'none', not {raw!r}")


def pool_sizes() -> tuple[int, int] | None:
    raw = env_str("PUSTAKA_DB_POOL", "").strip()
    if not raw:
        return None
    low, _, high = raw.partition(":")
    if not (low.isdigit() and (high or low).isdigit()) or int(high or low) < max(int(low), 1):
        raise ConfigurationError(f"PUSTAKA_DB_POOL must be MIN:MAX, not {raw!r}")
    return int(low), int(high or low)


def tune_server_database(database: dict[str, Any]) -> dict[str, Any]:
    """``database`` (a PostgreSQL entry of DATABASES) with reuse, checks and pool set."""
    database["CONN_HEALTH_CHECKS"] = env_bool("PUSTAKA_DB_HEALTH_CHECKS", default=True)
    sizes = pool_sizes()
    if sizes is None:
        database["CONN_MAX_AGE"] = conn_max_age()
        return database
    database["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
    database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": sizes[0],
        "max_size": sizes[1],
        "timeout": POOL_TIMEOUT_SECONDS,
    }
    return database
