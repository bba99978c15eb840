"""Kiosk load benchmark: guestbook submissions from many clients at once.

    .venv/bin/python -m bench.kiosk [--clients 50] [--per-client 10] [--think 2]
        [--databases sqlite,postgresql] [--write-docs]

Runs the real portal (gunicorn with the worker/thread settings of ``pustaka run``) on a
fresh database — SQLite under a temporary folder, and/or a new database on the PostgreSQL
server at ``--postgres-url`` (created and dropped here) — then has ``--clients`` threads
each load the kiosk form (CSRF token) and submit it ``--per-client`` times as different
visitors. Reports latency percentiles of the submission (POST → redirect to the ticket)
next to the plain form page (GET) of the same server in the same run, the server's own
time for the submission (gunicorn's access log, so queueing shows as the difference),
throughput and errors. Only loopback traffic.

Think time is drawn per submission from ``--think`` ± ``--jitter`` (50 %, seeded per client): kiosks
are not synchronised, and a lockstep bench measures its own bursts of 50 simultaneous
requests instead of the server.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.metrics import percentile

REPO = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = {
    "name": "Pengunjung Uji",
    "birth_year": "1998",
    "sex": "female",
    "education": "bachelor",
    "occupation": "student",
    "institution": "Universitas Andalas",
    "institution_category": "education_research",
    "purpose": "thesis",
    "service": "library",
    "id_type": "ktp",
    "consent": "on",
}
# The server's own time per request (microseconds), one line each.
ACCESS_FORMAT = "%(m)s %(s)s %(D)s"
WORKERS, THREADS = 2, 4  # as `pustaka run` starts the web server on this machine
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass
class Results:
    get: list[float] = field(default_factory=list)
    post: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server_post: list[float] = field(default_factory=list)
    wall: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)  # host 1-minute load average before and after


@contextlib.contextmanager
def database(kind: str, postgres_url: str) -> Iterator[str | None]:
    """The DATABASE_URL for one run: None for SQLite, else a new PostgreSQL database."""
    if kind == "sqlite":
        yield None
        return
    import psycopg

    name = f"pustaka_kiosk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def start_portal(
    workdir: Path, port: int, database_url: str | None, access_log: Path
) -> subprocess.Popen[bytes]:
    from portal.stack import services

    env = {
        **os.environ,
        "PUSTAKA_VAR_DIR": str(workdir / "var"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    bindir = REPO / ".venv" / "bin"
    subprocess.run([str(bindir / "pustaka"), "migrate", "-v0"], env=env, check=True, cwd=REPO)
    server = subprocess.Popen(
        [
            str(bindir / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--log-level",
            "warning",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            ACCESS_FORMAT,
        ],
        env=env,
        cwd=REPO,
        start_new_session=True,
    )
    services.wait_until("portal", lambda: services.port_open("127.0.0.1", port), 30)
    return server


def client_run(
    base: str, client: int, count: int, think: float, jitter: float, results: Results
) -> None:
    # With think time a kept-alive connection would race gunicorn's 2 s keep-alive expiry:
    # connect afresh each time, as a real kiosk coming back after a while would.
    limits = httpx.Limits(max_keepalive_connections=0 if think else 20)
    rng = random.Random(client)
    with httpx.Client(base_url=base, timeout=30, limits=limits) as http:
        for n in range(count):
            if think:
                # a visitor reads and types; kiosks are not synchronised
                time.sleep(think * rng.uniform(1 - jitter, 1 + jitter))
            try:
                _visit(http, base, client, n, results)
            except httpx.HTTPError as exc:
                with results.lock:
                    results.errors.append(type(exc).__name__)


def _visit(http: httpx.Client, base: str, client: int, n: int, results: Results) -> None:
    """One visitor: load the form (for its CSRF token), then submit it."""
    started = time.perf_counter()
    form = http.get("/buku-tamu/")
    got = time.perf_counter() - started
    match = TOKEN.search(form.text)
    if form.status_code != 200 or not match:
        with results.lock:
            results.errors.append(f"GET {form.status_code}")
        return
    phone = f"0812{client:03d}{n:05d}"
    data = {**FORM, "phone": phone, "csrfmiddlewaretoken": match.group(1)}
    started = time.perf_counter()
    response = http.post("/buku-tamu/", data=data, headers={"Referer": base + "/"})
    posted = time.perf_counter() - started
    with results.lock:
        results.get.append(got)
        if response.status_code == 302 and "/tiket/" in response.headers["location"]:
            results.post.append(posted)
        else:
            results.errors.append(f"POST {response.status_code}")


def warm_up(base: str, count: int) -> None:
    """A few unmeasured visits, so first-request work (imports, template compilation,
    translation catalogues) in each worker is not counted as kiosk latency."""
    scratch = Results()
    with httpx.Client(base_url=base, timeout=30) as http:
        for n in range(count):
            _visit(http, base, 999, n, scratch)
    if scratch.errors:
        raise RuntimeError(f"warm-up failed: {scratch.errors}")


def server_times(access_log: Path) -> list[float]:
    """Seconds the server spent on each successful submission, from its access log."""
    times = []
    for line in access_log.read_text().splitlines():
        method, status, micros = line.split()
        if method == "POST" and status == "302":
            times.append(int(micros) / 1e6)
    return times


def run_once(kind: str, options: argparse.Namespace) -> Results:
    from portal.stack import services
    from tests.testenv import stop

    results = Results()
    port = services.free_port()
    with (
        tempfile.TemporaryDirectory(prefix="pustaka-kiosk-") as tmp,
        database(kind, options.postgres_url) as url,
    ):
        access_log = Path(tmp) / "access.log"
        server = start_portal(Path(tmp), port, url, access_log)
        try:
            warm_up(f"http://127.0.0.1:{port}", options.warmup)
            access_log.write_text("")  # gunicorn appends; the warm-up is not measured
            threads = [
                threading.Thread(
                    target=client_run,
                    args=(
                        f"http://127.0.0.1:{port}",
                        c,
                        options.per_client,
                        options.think,
                        options.jitter,
                        results,
                    ),
                )
                for c in range(options.clients)
            ]
            load_before = os.getloadavg()[0]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            results.wall = time.perf_counter() - started
            results.load = (load_before, os.getloadavg()[0])
        finally:
            stop(server)
        results.server_post = server_times(access_log)
    return results


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    return {
        name: percentile(ordered, share) * 1000
        for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
    }


def _row(database: str, request: str, values: list[float]) -> str:
    s = summary(values)
    return (
        f"| {database} | {request} | {len(values)} | {s['p50']:.0f} | {s['p95']:.0f} | "
        f"{s['p99']:.0f} |\n"
    )


def render(runs: dict[str, Results], options: argparse.Namespace) -> str:
    think = (
        f"{options.think:g} s think time (± {options.jitter:.0%} per submission)"
        if options.think
        else "no think time (closed loop)"
    )
    text = (
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')}: {options.clients} concurrent clients × "
        f"{options.per_client} submissions, {think}, gunicorn {WORKERS} workers × {THREADS} "
        f"threads, {options.warmup} unmeasured warm-up visits first, load generator on the "
        "same 2 cores.\n\n"
        "| database | request | n | p50 (ms) | p95 (ms) | p99 (ms) |\n"
        "|---|---|---|---|---|---|\n"
    )
    for kind, results in runs.items():
        label = LABELS[kind]
        text += _row(label, "kiosk form (GET, baseline)", results.get)
        text += _row(label, "**guestbook submission (POST)**", results.post)
        text += _row(label, "submission, server's own time", results.server_post)
    text += "\n"
    for kind, results in runs.items():
        errors = results.errors
        text += (
            f"{LABELS[kind]}: {len(results.post) / results.wall:.1f} submissions/s overall; "
            f"{len(errors)} errors"
            + (f" ({', '.join(sorted(set(errors)))})" if errors else "")
            + f"; host load average {results.load[0]:.1f} → {results.load[1]:.1f} "
            "(2 cores, shared).\n"
        )
    return text.rstrip("\n")


def write_docs(marker: str, section: str) -> None:
    docs = REPO / "docs" / "benchmarks.md"
    text = docs.read_text()
    begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    docs.write_text(f"{head}{begin}\n{section}\n{end}{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=10)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds each client waits before each submission (0: closed loop)",
    )
    parser.add_argument(
        "--jitter",
        type=float,
        default=0.5,
        help="think time varies by ± this fraction (0: all clients in lockstep)",
    )
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (each gets its own server and run)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "PUSTAKA_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server where the bench may create and drop its own database",
    )
    parser.add_argument(
        "--warmup", type=int, default=20, help="unmeasured visits before the clients start"
    )
    parser.add_argument("--write-docs", action="store_true")
    options = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    kinds = [kind.strip() for kind in options.databases.split(",") if kind.strip()]
    unknown = set(kinds) - set(LABELS)
    if unknown:
        parser.error(f"unknown database: {', '.join(sorted(unknown))}")
    runs = {kind: run_once(kind, options) for kind in kinds}
    section = render(runs, options)
    print(section)
    if options.write_docs:
        write_docs("kiosk-think" if options.think else "kiosk", section)
    return 1 if any(results.errors for results in runs.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
