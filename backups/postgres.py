"""PostgreSQL: ``pg_dump`` (custom format) from an exported snapshot, ``pg_restore`` back.

The storage names and row counts are read inside the very transaction whose snapshot
``pg_dump`` dumps (``pg_export_snapshot``), so the manifest and the dump agree exactly
while people keep writing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from backups.errors import DatabaseDumpError
from backups.references import DatabaseFacts, q, read_facts

TIMEOUT = 6 * 3600  # a large catalogue on a slow USB disk


def _tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` from PUSTAKA_PG_BIN_DIR, else from PATH."""
    folder = os.environ.get("PUSTAKA_PG_BIN_DIR", "")
    program = str(Path(folder) / name) if folder else shutil.which(name)
    if not program or not Path(program).exists():
        raise DatabaseDumpError(
            f"{name} not found: install the Debian package postgresql-client "
            "(its major version at least the server's) or set PUSTAKA_PG_BIN_DIR"
        )
    return program


def _conninfo(params: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password (it goes in PGPASSWORD instead)."""
    conninfo = make_conninfo(
        dbname=params["NAME"],
        user=params.get("USER") or None,
        host=params.get("HOST") or None,
        port=str(params["PORT"]) if params.get("PORT") else None,
    )
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return conninfo, env


def _run(args: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DatabaseDumpError(f"{Path(args[0]).name}: {exc}") from exc
    if done.returncode != 0:
        raise DatabaseDumpError(f"{Path(args[0]).name}: {done.stderr.strip()[-1500:]}")


def dump(params: dict[str, Any], target: Path) -> tuple[DatabaseFacts, str]:
    """Dump the database to ``target``; return what the same snapshot refers to."""
    conninfo, env = _conninfo(params)
    with psycopg.connect(conninfo, password=params.get("PASSWORD") or None) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, version = cursor.fetchone() or ("", "")
            _run(
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={conninfo}",
                ],
                env,
            )
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            tables = [row[0] for row in cursor.fetchall()]
            facts = read_facts(cursor, tables)
        conn.rollback()
    return facts, str(version)


def restore(params: dict[str, Any], source: Path) -> None:
    """Replace every table of the (empty, or forced) database with the dump's."""
    conninfo, env = _conninfo(params)
    with psycopg.connect(conninfo, password=params.get("PASSWORD") or None) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
        ]
        if tables:
            conn.execute("DROP TABLE " + ", ".join(q(t) for t in tables) + " CASCADE")
        conn.commit()
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={conninfo}",
            str(source),
        ],
        env,
    )
