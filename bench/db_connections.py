"""PostgreSQL connection reuse and pooling, measured: ``python -m bench.db_connections``.

For each setting (``PUSTAKA_DB_CONN_MAX_AGE`` 0 / 60 / persistent, with and without
``PUSTAKA_DB_HEALTH_CHECKS``, and ``PUSTAKA_DB_POOL``) against a throw-away database on
the PostgreSQL at ``--server`` (default the machine's, 127.0.0.1:5432, trust auth):

* the portal under gunicorn as production runs it (gthread, ``--threads 4``), with
  client threads requesting a fixed mix of pages that read the database (publication
  list and detail, OAI-PMH); latency percentiles and requests per second;
* two worker-like processes doing what a page task does to the database, wrapped as
  Celery's Django fix-up wraps a task (``close_if_unusable_or_obsolete`` before and
  after): ``page_start`` then ``page_finish`` on pages of one job (the job row is the
  fan-in lock they share); per-task latency and tasks per second;
* PostgreSQL's own count of sessions opened (``pg_stat_database.sessions``) for each.

``--write-docs`` replaces the section between ``<!-- db-connections:begin -->`` and
``<!-- db-connections:end -->`` in docs/benchmarks.md. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- db-connections:begin -->", "<!-- db-connections:end -->"
CONFIGS: list[tuple[str, dict[str, str]]] = [
    ("CONN_MAX_AGE=0", {"PUSTAKA_DB_CONN_MAX_AGE": "0", "PUSTAKA_DB_HEALTH_CHECKS": "no"}),
    ("CONN_MAX_AGE=60", {"PUSTAKA_DB_CONN_MAX_AGE": "60", "PUSTAKA_DB_HEALTH_CHECKS": "no"}),
    ("CONN_MAX_AGE=60 + health checks", {"PUSTAKA_DB_CONN_MAX_AGE": "60"}),
    ("persistent + health checks", {"PUSTAKA_DB_CONN_MAX_AGE": "none"}),
    ("psycopg pool 1:4 per process", {"PUSTAKA_DB_POOL": "1:4"}),
]
# The pool setting needs the psycopg-pool package, not a Pustaka dependency: measured when
# it is installed (``pip install psycopg-pool``), left out otherwise.
POOL_INSTALLED = importlib.util.find_spec("psycopg_pool") is not None
PATHS = ["/publikasi/", "/publikasi/{id}/", "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"]
PUBLICATIONS = 300
WARM_UP = 10  # requests per client before measuring
WORKERS = 2  # Celery --concurrency on this machine's 2 cores


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "n": len(samples)}


# --- child side: runs with DATABASE_URL set, Django configured -------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from celery import current_app

    current_app.send_task = lambda *a, **k: None  # type: ignore[method-assign,assignment]


def child_seed(jobs: int, pages: int) -> dict[str, Any]:
    """Publications to read and one job of ``pages`` queued pages per setting."""
    from django.core.management import call_command

    from catalogue.models import JobPage, Publication, Subject
    from catalogue.services import jobs as services

    call_command("migrate", verbosity=0)
    subjects = [Subject.objects.create(name=f"Subjek {i}") for i in range(8)]
    for i in range(PUBLICATIONS):
        publication = Publication.objects.create(
            title=f"Kota Pariaman Dalam Angka {1990 + i % 35} jilid {i}",
            kind="in_figures",
            year=1990 + i % 35,
            area_code="1377",
            area_name="Kota Pariaman",
            catalogue_number=f"{1102001 + i}.1377",
            abstract="Publikasi statistik tahunan.",
        )
        publication.subjects.set(subjects[i % 8 : i % 8 + 2])
    blank = Path(os.environ["PUSTAKA_STORAGE_ROOT"]).parent / "blank.png"
    blank.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    job_ids = []
    for n in range(jobs):
        job = services.job_create(title=f"bench {n}")
        job_input = services.job_add_file(job=job, path=blank, filename="blank.png")
        kinds = [(p, str(JobPage.Kind.IMAGE)) for p in range(1, pages + 1)]
        services.input_expand(input_id=job_input.pk, info={}, pages=kinds)
        job_ids.append(job.pk)
    ids = list(Publication.objects.values_list("pk", flat=True))
    return {"jobs": job_ids, "publications": ids}


def child_tasks(job_id: int, part: int, parts: int) -> dict[str, Any]:
    """Page tasks' database work, each wrapped like Celery's Django fix-up wraps it."""
    from django.db import connections

    from catalogue.models import JobPage
    from catalogue.services import jobs as services

    ids = list(JobPage.objects.filter(job_id=job_id).order_by("pk").values_list("pk", flat=True))
    for conn in connections.all():
        conn.close()  # as after Celery's fork: the task loop starts without a connection
    took: list[float] = []
    started = time.perf_counter()
    for page_id in ids[part::parts]:
        t0 = time.perf_counter()
        for conn in connections.all():
            conn.close_if_unusable_or_obsolete()  # task_prerun
        services.page_start(page_id=page_id, worker=f"bench{part}")
        services.page_finish(
            page_id=page_id,
            text="halaman",
            ocr=True,
            blank=False,
            pdf_name="",
            hocr_name="",
            facts={},
        )
        for conn in connections.all():
            conn.close_if_unusable_or_obsolete()  # task_postrun
        took.append((time.perf_counter() - t0) * 1000)
    return {"took": took, "seconds": time.perf_counter() - started}


# --- parent side ----------------------------------------------------------------------


@contextmanager
def database(server: str) -> Iterator[tuple[str, str]]:
    import psycopg

    name = f"pustaka_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + "/" + name, name
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def sessions(server: str, name: str) -> int:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = %s", (name,)
        ).fetchone()
    return int(row[0]) if row else 0


def run_child(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.db_connections", "--child", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@contextmanager
def gunicorn(env: dict[str, str], workdir: Path) -> Iterator[str]:
    """The portal as production runs it (gthread), with ``env``; stopped afterwards."""
    from portal.stack import services
    from tests.testenv import stop

    port = services.free_port()
    args = [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
            "--timeout", "60"]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with (workdir / "gunicorn.log").open("ab") as log:
        process = subprocess.Popen(
            args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/publikasi/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError((workdir / "gunicorn.log").read_text()[-2000:]) from None
                time.sleep(0.3)
        yield base
    finally:
        stop(process)


def http_load(base: str, ids: list[int], clients: int, per_client: int) -> dict[str, Any]:
    took: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(c: int) -> None:
        for i in range(per_client):
            path = PATHS[i % len(PATHS)].format(id=ids[(c * per_client + i) % len(ids)])
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    response.read()
            except OSError as exc:
                errors.append(f"{path}: {exc!r}")
                continue
            with lock:
                took.append((time.perf_counter() - t0) * 1000)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {**percentiles(took), "took": took, "rps": len(took) / seconds, "errors": errors}


def connect_costs(url: str, times: int = 200) -> dict[str, Any]:
    """What reuse saves and a health check costs, without the portal around them."""
    import psycopg

    opened: list[float] = []
    cpu = time.process_time()
    for _ in range(times):
        t0 = time.perf_counter()
        with psycopg.connect(url) as conn:
            conn.execute("SELECT 1").fetchone()
        opened.append((time.perf_counter() - t0) * 1000)
    connect_cpu = (time.process_time() - cpu) * 1000 / times
    checked: list[float] = []
    with psycopg.connect(url) as conn:
        for _ in range(times):
            t0 = time.perf_counter()
            conn.execute("SELECT 1").fetchone()
            checked.append((time.perf_counter() - t0) * 1000)
    return {"connect": percentiles(opened), "connect_client_cpu_ms": connect_cpu,
            "select1": percentiles(checked)}  # fmt: skip


def measure_one(
    args: argparse.Namespace, env: dict[str, str], name: str, ids: list[int], job_id: int
) -> dict[str, Any]:
    before = sessions(args.server, name)
    workdir = Path(env["PUSTAKA_VAR_DIR"]).parent
    with gunicorn(env, workdir) as base:
        http_load(base, ids, args.clients, WARM_UP)
        web = http_load(base, ids, args.clients, args.requests)
    time.sleep(1)  # a backend's counters reach pg_stat_database when it exits
    web["sessions"] = sessions(args.server, name) - before
    web["requests_total"] = args.clients * (args.requests + WARM_UP)
    before = sessions(args.server, name)
    tasks = run_tasks(env, job_id)
    time.sleep(1)
    tasks["sessions"] = sessions(args.server, name) - before
    return {"web": web, "tasks": tasks}


def measure(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Every setting ``--rounds`` times, in forward then reverse order (drift cancels)."""
    from bench.db_connections_render import environment, pool

    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "rounds": args.rounds}
    with database(args.server) as (url, name):
        base_env = {
            **os.environ,
            "DATABASE_URL": url,
            "PUSTAKA_VAR_DIR": str(workdir / "var"),
            "PUSTAKA_STORAGE_ROOT": str(workdir / "storage"),
            "PYTHONPATH": str(REPO),
        }
        jobs = len(CONFIGS) * args.rounds
        seeded = run_child(base_env, "seed", str(jobs), str(args.pages))
        job_ids = iter(seeded["jobs"])
        configs = [c for c in CONFIGS if POOL_INSTALLED or "PUSTAKA_DB_POOL" not in c[1]]
        runs: dict[str, list[dict[str, Any]]] = {label: [] for label, _ in configs}
        for round_ in range(args.rounds):
            for label, extra in configs if round_ % 2 == 0 else configs[::-1]:
                env = {**base_env, **extra}
                one = measure_one(args, env, name, seeded["publications"], next(job_ids))
                runs[label].append(one)
                print(label, json.dumps(one)[:400], flush=True)
        results["configs"] = [{"label": label, **pool(runs[label])} for label, _ in configs]
        results["costs"] = connect_costs(url)
        results["environment"] = environment(args.server)
    return results


def run_tasks(env: dict[str, str], job_id: int) -> dict[str, Any]:
    """``WORKERS`` worker-like processes at once on one job's pages."""
    outcomes: list[dict[str, Any]] = [{} for _ in range(WORKERS)]
    started = time.perf_counter()

    def one(part: int) -> None:
        outcomes[part] = run_child(env, "tasks", str(job_id), str(part), str(WORKERS))

    threads = [threading.Thread(target=one, args=(p,)) for p in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = [x for o in outcomes for x in o["took"]]
    busy = max(o["seconds"] for o in outcomes)
    return {
        **percentiles(took),
        "took": took,
        "per_second": len(took) / busy,
        "wall": time.perf_counter() - started,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--clients", type=int, default=4, help="concurrent HTTP clients")
    parser.add_argument("--requests", type=int, default=150, help="requests per client")
    parser.add_argument("--pages", type=int, default=600, help="page tasks per setting")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the settings")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _django()
        kind, *rest = args.child
        if kind == "seed":
            print(json.dumps(child_seed(int(rest[0]), int(rest[1]))))
        else:
            print(json.dumps(child_tasks(int(rest[0]), int(rest[1]), int(rest[2]))))
        return 0
    from bench.db_connections_render import render, write_docs

    with tempfile.TemporaryDirectory(prefix="pustaka-bench-db-") as tmp:
        results = measure(args, Path(tmp))
    section = render(results, args)
    print(section)
    if args.write_docs:
        write_docs(section, DOCS, BEGIN, END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
