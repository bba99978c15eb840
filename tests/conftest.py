"""Shared fixtures: a real Celery worker process and real Meilisearch instances.

The test command (scripts/test.sh) runs pytest beside private Redis and Meilisearch and
exports REDIS_URL / MEILISEARCH_URL; the fixtures here start what a test needs on top.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.utils import translation

from portal.stack import services
from tests.testenv import private_meilisearch

REPO_ROOT = Path(__file__).resolve().parent.parent
QUICK_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def shared_database_url() -> str:
    """The URL of the database pytest-django created, for worker processes to share."""
    from django.db import connection

    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    return (
        f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/{params['NAME']}"
    )


@pytest.fixture(scope="session")
def celery_worker_name(django_db_setup: None, django_db_blocker) -> Iterator[str]:
    """Start a real prefork Celery worker on the test broker and test database."""
    with django_db_blocker.unblock():
        yield from start_worker(f"test-{uuid.uuid4().hex[:8]}@pytest", concurrency=2)


def start_worker(node: str, *, concurrency: int) -> Iterator[str]:
    """Run ``celery worker`` as a real subprocess until the generator is closed."""
    from workers.celery import app

    env = {
        **os.environ,
        "REDIS_URL": settings.REDIS_URL,
        "OMP_THREAD_LIMIT": "1",
        "DATABASE_URL": shared_database_url(),
        "PUSTAKA_VAR_DIR": str(settings.VAR_DIR),
    }
    log = Path(settings.VAR_DIR) / "log" / f"{node}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    args = services.celery_worker_command(concurrency=concurrency, hostname=node)
    with log.open("wb") as out:
        process = subprocess.Popen(
            args,
            env=env,
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        services.wait_until(
            "celery worker",
            lambda: bool(app.control.ping(destination=[node], timeout=0.5)) or _died(process, log),
            60,
        )
        yield node
    finally:
        from tests.testenv import stop

        stop(process)


def _died(process: subprocess.Popen[bytes], log: Path) -> bool:
    if process.poll() is not None:
        raise RuntimeError(f"celery worker exited early:\n{log.read_text()[-3000:]}")
    return False


@pytest.fixture
def meilisearch_instance(tmp_path: Path) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """A private Meilisearch a test may stop: yields (url, master key, process)."""
    key = secrets.token_urlsafe(24)
    with private_meilisearch(tmp_path, key) as (url, process):
        yield url, key, process


@pytest.fixture(autouse=True)
def _quick_password_hashing(request: pytest.FixtureRequest, settings) -> None:
    """Passwords set in tests are hashed with a quick hasher: Argon2 costs about 0.25 s of
    CPU and 100 MB per password, and hundreds of test users need one. The production
    hashers stay listed (a stored Argon2 hash still verifies); a test about Argon2 itself
    (its name says "argon2") keeps the production list."""
    if "argon2" not in request.node.name:
        settings.PASSWORD_HASHERS = [QUICK_HASHER, *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request to /en/… leaves English active in the test thread; each test starts fresh."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def postgres_database_url() -> Iterator[str]:
    """A fresh database on the test command's private PostgreSQL, dropped afterwards."""
    server = os.environ.get("PUSTAKA_TEST_POSTGRES_URL")
    assert server, "run through the test command (tests.testenv), which provides PostgreSQL"
    name = f"pustaka_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def own_search_flushes(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests with their own Meilisearch indexes: no flush task is sent on commit.

    The session's Celery worker writes to the default indexes; given the task it would
    take this test's outbox rows (and delete them) before the test's own flush could.
    """
    from search import outbox

    monkeypatch.setattr(outbox, "_send_flush", lambda: None)
