"""Which database columns name files in storage, and reading them from a database snapshot.

A backup copies exactly the files the copied database refers to, read from the same
snapshot, so the two always agree (files written after the snapshot belong to the next
backup). Every ``FileField``/``ImageField`` is found through the models; the plain text
columns that hold storage names are listed here (a test checks this list against what a
real job writes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.apps import apps
from django.db import models

# Text columns holding storage names (app label, model, field).
NAME_COLUMNS = (
    ("catalogue", "JobInput", "stored_name"),  # originals/ab/….pdf (kept for retries)
    ("catalogue", "JobPage", "pdf_name"),  # jobs/<id>/pages/…pdf, beside its .txt
    ("catalogue", "JobPage", "hocr_name"),
    ("catalogue", "Page", "thumbnail"),  # thumbnails/ab/<sha>/0001.jpg
)
# Not backed up: cover renditions (covers/renditions/…), remade from the cover on demand.


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True)
class Column:
    table: str
    column: str
    siblings: tuple[str, ...] = ()  # suffixes of files stored beside it under the same stem


@dataclass
class DatabaseFacts:
    """What a backup learns from the database snapshot itself."""

    required: set[str] = field(default_factory=set)  # storage names the records refer to
    optional: set[str] = field(default_factory=set)  # written beside them, may be absent
    migrations: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def name_columns() -> list[Column]:
    """Every column that holds a storage name, in a stable order."""
    found: list[Column] = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                found.append(Column(model._meta.db_table, f.column))
    for app_label, model_name, field_name in NAME_COLUMNS:
        meta = apps.get_model(app_label, model_name)._meta
        siblings = (".txt",) if field_name == "pdf_name" else ()
        found.append(Column(meta.db_table, meta.get_field(field_name).column, siblings))
    return sorted(set(found), key=lambda c: (c.table, c.column))


def q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def read_facts(cursor: Cursor, tables: list[str]) -> DatabaseFacts:
    """Storage names, applied migrations and row counts, read through ``cursor``.

    ``tables`` are the tables that exist in the snapshot (an older database may lack one).
    """
    facts = DatabaseFacts()
    present = set(tables)
    for col in name_columns():
        if col.table not in present:
            continue
        for name in _names(cursor, col):
            facts.required.add(name)
            stem = name.rsplit(".", 1)[0]
            facts.optional.update(stem + suffix for suffix in col.siblings)
    facts.optional -= facts.required
    if "django_migrations" in present:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            facts.migrations.setdefault(app, []).append(name)
    for table in sorted(present):
        cursor.execute(f"SELECT COUNT(*) FROM {q(table)}")
        facts.counts[table] = int(cursor.fetchall()[0][0])
    return facts


def _names(cursor: Cursor, col: Column) -> Iterator[str]:
    cursor.execute(
        f"SELECT DISTINCT {q(col.column)} FROM {q(col.table)} "
        f"WHERE {q(col.column)} IS NOT NULL AND {q(col.column)} <> ''"
    )
    for (name,) in cursor.fetchall():
        yield str(name)
