"""Copy the database online into a snapshot, and back: SQLite's backup API or pg_dump.

SQLite runs in WAL mode, so the one-step online backup reads a consistent snapshot while
the portal and the workers go on writing; the copy is switched to rollback-journal mode
so it is one self-contained file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

from backups import postgres
from backups.errors import ArchiveIncompatibleError, DatabaseDumpError
from backups.layout import PG_DUMP, SQLITE_DUMP
from backups.references import DatabaseFacts, q, read_facts

SQLITE_TIMEOUT = 60


@dataclass(frozen=True)
class DatabaseCopy:
    vendor: str
    filename: str
    server_version: str
    facts: DatabaseFacts


def _params() -> dict[str, Any]:
    return dict(connections["default"].settings_dict)


def vendor() -> str:
    return connections["default"].vendor


def snapshot(folder: Path) -> DatabaseCopy:
    """Copy the live database into ``folder``; the facts come from the copy itself."""
    if vendor() == "postgresql":
        facts, version = postgres.dump(_params(), folder / PG_DUMP)
        return DatabaseCopy("postgresql", PG_DUMP, version, facts)
    if vendor() != "sqlite":
        raise DatabaseDumpError(f"no backup method for the {vendor()} database")
    target = folder / SQLITE_DUMP
    source = sqlite3.connect(str(_params()["NAME"]), timeout=SQLITE_TIMEOUT)
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)  # pages=-1: one step, one consistent read of the whole file
        copy.execute("PRAGMA journal_mode=DELETE")
        facts = read_facts(copy.cursor(), _sqlite_tables(copy))
        copy.commit()
    except sqlite3.Error as exc:
        raise DatabaseDumpError(f"sqlite: {exc}") from exc
    finally:
        source.close()
        copy.close()
    return DatabaseCopy("sqlite", SQLITE_DUMP, sqlite3.sqlite_version, facts)


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [row[0] for row in rows]


def restore(dump: Path, dump_vendor: str) -> None:
    """Replace the live database's contents with the dump (the caller checked its hash)."""
    if dump_vendor != vendor():
        raise ArchiveIncompatibleError(
            f"the archive holds a {dump_vendor} database; this installation uses {vendor()}"
        )
    connections.close_all()
    if dump_vendor == "postgresql":
        postgres.restore(_params(), dump)
        return
    name = Path(str(_params()["NAME"]))
    name.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    target = sqlite3.connect(str(name), timeout=SQLITE_TIMEOUT)
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        raise DatabaseDumpError(f"sqlite: {exc}") from exc
    finally:
        source.close()
        target.close()


def live_counts(tables: list[str]) -> dict[str, int]:
    """Row counts of the live database (to compare a restore with its archive)."""
    conn = connections["default"]
    existing = set(conn.introspection.table_names())
    counts: dict[str, int] = {}
    with conn.cursor() as cursor:
        for table in tables:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {q(table)}")
                counts[table] = int(cursor.fetchone()[0])
    return counts
