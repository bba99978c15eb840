"""On PostgreSQL: pg_dump from an exported snapshot, pg_restore onto a fresh database, and
the command line's refusal of a non-empty installation (and --force)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from tests.backups.library import cadangan
from tests.conftest import REPO_ROOT
from tests.postgres_scenario import run_scenario

pytestmark = pytest.mark.integration
SCENARIO = Path(__file__).with_name("backup_pg_scenario.py")
PUSTAKA = [sys.executable, "-m", "portal.cli"]


@pytest.fixture
def second_database(postgres_database_url: str) -> str:
    """Another empty database on the same private cluster (dropped with the cluster)."""
    name = f"pustaka_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres_database_url.rsplit("/", 1)[0] + "/" + name


def test_pg_dump_backup_restores_onto_a_fresh_postgresql_installation(
    postgres_database_url: str, second_database: str, tmp_path: Path
) -> None:
    made = run_scenario(
        SCENARIO,
        str(cadangan(tmp_path)),
        str(tmp_path),
        database_url=postgres_database_url,
        storage=tmp_path / "storage",
    )
    archive = Path(made["archive"])
    meta = json.loads((archive / "backup.json").read_text())
    assert (meta["database"]["vendor"], meta["database"]["file"]) == (
        "postgresql",
        "database.pgdump",
    )
    assert meta["counts"] == made["counts"]  # the record written after the dump is not in it
    manifest = json.loads((archive / "manifest.json").read_text())["files"]
    assert made["copied"] == len({e["sha256"] for e in manifest.values()}) > 0

    env = {
        **os.environ,
        "DATABASE_URL": second_database,
        "PUSTAKA_STORAGE_ROOT": str(tmp_path / "restored"),
        "MEILISEARCH_INDEX_PREFIX": f"pg{uuid.uuid4().hex[:8]}",
    }
    restored = _pustaka(["restore", str(archive)], env)
    assert restored.returncode == 0, restored.stderr
    assert "search rebuilt" in restored.stdout
    restored_counts, made_counts = _counts(second_database), dict(made["counts"])
    # restore migrates to this code: a migration added meanwhile (shared tree) is applied
    assert restored_counts.pop("django_migrations") >= made_counts.pop("django_migrations")
    assert restored_counts == made_counts
    assert _files(tmp_path / "restored") == {name: e["sha256"] for name, e in manifest.items()}

    again = _pustaka(["restore", str(archive)], env)
    assert again.returncode == 4
    assert "sudah berisi data" in again.stderr
    assert "already holds data" in again.stderr
    forced = _pustaka(["restore", str(archive), "--force", "--no-reindex"], env)
    assert forced.returncode == 0, forced.stderr
    assert f"{len(manifest)} already in place" in forced.stderr  # no file written twice
    assert "will be built while Pustaka runs" in forced.stdout
    publications = made["counts"]["catalogue_publication"]
    softcopies = made["counts"]["catalogue_softcopy"]
    assert _counts(second_database)["indexing_outboxentry"] == publications + softcopies


def _pustaka(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PUSTAKA, *args], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180
    )


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        names = sorted(row[0] for row in tables.fetchall())
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in names}


def _files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }
