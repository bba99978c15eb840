"""``migrate`` on PostgreSQL while workers still running the old code update pages.

Not a test module itself: test_migrate_postgres.py runs it against a fresh database.

The database starts at ``catalogue`` 0003 (before the page-redispatch columns and the
page-tables migration); "old code" is the historical models of that state, so worker
threads use exactly the columns the old release knew. With workers updating pages the
way a page task does (lock the job row, mark the page, count it), the scenario:

1. holds one page row locked in an open transaction (a stuck task) and runs ``migrate``
   with ``lock_timeout`` set: the ALTER TABLE cannot get its lock, ``migrate`` gives up
   after the timeout instead of queueing every worker behind it, nothing half-applied;
2. releases it and runs ``migrate`` again under the same ``lock_timeout``: it applies
   while the workers go on;
3. lets the workers finish: every page counted exactly once, no worker error, and the
   new column is readable on connections opened before the migration.

Prints one JSON object (the test's side asserts on it; the timings are for the docs).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

OLD = ("catalogue", "0003_publication_kind_page_thumbnail")
NEW = ("catalogue", "0004_job_redispatch_counts")
WORKERS = 4
PAGES = 240
LOCK_TIMEOUT = "2s"


class Workers:
    """Threads doing a page task's database work with the old release's models."""

    def __init__(self, apps: Any, job_id: int, page_ids: list[int]) -> None:
        self.apps, self.job_id, self.page_ids = apps, job_id, page_ids
        self.ops: list[tuple[float, float]] = []  # (finished at, took seconds)
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(WORKERS)]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _run(self, part: int) -> None:
        from django.db import connections, transaction
        from django.db.models import F

        job_model = self.apps.get_model("catalogue", "DigitisationJob")
        page_model = self.apps.get_model("catalogue", "JobPage")
        mine = self.page_ids[part::WORKERS]
        # Each page once, then again and again (re-deliveries) until told to stop: the
        # workers are still busy when ``migrate`` ends, and a page is never counted twice.
        for turn, page_id in enumerate(mine * 1000):
            if turn >= len(mine) and self.stop.is_set():
                break
            started = time.monotonic()
            try:
                with transaction.atomic():
                    list(job_model.objects.select_for_update().filter(pk=self.job_id).values("pk"))
                    done = (
                        page_model.objects.filter(pk=page_id)
                        .exclude(state="done")
                        .update(state="done", worker=f"lama{part}", attempts=F("attempts") + 1)
                    )
                    job_model.objects.filter(pk=self.job_id).update(
                        pages_done=F("pages_done") + done
                    )
            except Exception as exc:  # kept for the test to see, not hidden
                self.errors.append(repr(exc))
            now = time.monotonic()
            with self.lock:
                self.ops.append((now, now - started))
            time.sleep(0.02)  # a page task spends its time in OCR, not in the database
        connections.close_all()

    def between(self, start: float, end: float) -> list[float]:
        with self.lock:
            return [took for at, took in self.ops if start <= at <= end]


def seed(apps: Any) -> tuple[int, list[int]]:
    job_model = apps.get_model("catalogue", "DigitisationJob")
    input_model = apps.get_model("catalogue", "JobInput")
    page_model = apps.get_model("catalogue", "JobPage")
    job = job_model.objects.create(title="migrasi", pages_total=PAGES, state="running")
    job_input = input_model.objects.create(
        job=job, position=1, kind="pdf", filename="a.pdf", stored_name="a.pdf", sha256="0" * 64
    )
    page_model.objects.bulk_create(
        [
            page_model(job=job, input=job_input, index=n, kind="image", state="queued")
            for n in range(1, PAGES + 1)
        ]
    )
    return job.pk, list(page_model.objects.filter(job=job).values_list("pk", flat=True))


def stuck_then_migrate(page_id: int) -> dict[str, Any]:
    """A stuck task's lock makes ``migrate`` give up after ``lock_timeout``."""
    import psycopg
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    url = os.environ["DATABASE_URL"]
    outcome: dict[str, Any] = {}
    with psycopg.connect(url) as holder:  # a transaction left open by a stuck task
        holder.execute("SELECT id FROM catalogue_jobpage WHERE id = %s FOR UPDATE", (page_id,))
        started = time.monotonic()
        try:
            call_command("migrate", verbosity=0)
            outcome["stuck_migrate"] = "applied"
        except Exception as exc:
            outcome["stuck_migrate"] = type(exc.__cause__ or exc).__name__
            outcome["stuck_message"] = str(exc).splitlines()[0]
        outcome["stuck_seconds"] = time.monotonic() - started
        holder.rollback()
    applied = MigrationRecorder(connection).applied_migrations()
    outcome["applied_after_stuck"] = NEW in applied
    return outcome


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from catalogue.models import JobPage

    call_command("migrate", *OLD, verbosity=0)
    old_apps = MigrationExecutor(connection).loader.project_state(OLD).apps
    job_id, page_ids = seed(old_apps)
    with connection.cursor() as cursor:  # the rule for a live migrate, see docs/scaling.md
        cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    workers = Workers(old_apps, job_id, page_ids)
    workers.start()
    while len(workers.between(0, float("inf"))) < 20:
        time.sleep(0.01)
    stuck_started = time.monotonic()
    outcome = {"vendor": connection.vendor, **stuck_then_migrate(page_ids[-1])}
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    finished = time.monotonic()
    while len(workers.between(finished, float("inf"))) < 20:
        time.sleep(0.01)
    workers.join()
    done_rows = old_apps.get_model("catalogue", "JobPage").objects.filter(state="done").count()
    job = old_apps.get_model("catalogue", "DigitisationJob").objects.get(pk=job_id)
    outcome |= {
        "migrate_seconds": finished - started,
        "ops_during_migrate": len(workers.between(started, finished)),
        "ops_after_migrate": len(workers.between(finished, float("inf"))),
        "slowest_op_during_migrate": max(workers.between(started, finished), default=0.0),
        "slowest_op_while_stuck": max(workers.between(stuck_started, started), default=0.0),
        "errors": workers.errors,
        "pages": len(page_ids),
        "done_rows": done_rows,
        "pages_done": job.pages_done,
        # the new release's model on this (pre-migration) connection sees the new column
        "redispatches": sorted(set(JobPage.objects.values_list("redispatches", flat=True))),
        "unapplied": [
            str(m) for m, _ in MigrationExecutor(connection).migration_plan(
                MigrationExecutor(connection).loader.graph.leaf_nodes()
            )
        ],
    }  # fmt: skip
    print(json.dumps(outcome))


if __name__ == "__main__":
    main()
