"""Digitisation monitor benchmark: its JSON snapshot with many jobs in flight.

    .venv/bin/python -m tests.testenv -- .venv/bin/python -m bench.monitor \
        [--jobs 20] [--pages 60] [--history 20000] [--requests 300] [--write-docs]

Runs the real portal (gunicorn, the worker/thread settings of ``pustaka run``) on a fresh
SQLite database seeded with ``--jobs`` jobs in flight (pages queued, processing on four
workers, done), failed jobs with their pages, and ``--history`` pages finished over the
last two weeks (the throughput chart reads them), against the Redis broker at REDIS_URL
(``tests.testenv`` starts a private one; never point it at a broker in use: the
bench puts stand-in messages in its ``ocr`` list and takes them out). A signed-in
librarian then polls ``/staf/digitalisasi/monitor.json`` as the page does, one request
after another; the old plain job list (``/staf/digitalisasi/``) of the same server in the
same run is the baseline. Target: monitor p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

from bench.kiosk import start_portal, write_docs
from bench.metrics import percentile

PATHS = {
    "monitor.json": "/staf/digitalisasi/monitor.json",
    "job list (baseline)": "/staf/digitalisasi/",
}
BACKLOG_KEY = "ocr"  # the Celery queue's list in Redis (portal.digitise.broker)
WORKERS = ["celery@pindai-1", "celery@pindai-2", "celery@ocr-1", "celery@ocr-2"]


def seed(jobs: int, pages: int, history: int) -> str:
    """Rows the monitor reads; returns a signed-in session cookie for a librarian."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone

    from catalogue.models import DigitisationJob, JobInput, JobPage

    rng = random.Random(14)
    now = timezone.now()
    rows: list[JobPage] = []

    def make(title: str, state: str, done: int, total: int, failed: int = 0) -> None:
        job = DigitisationJob.objects.create(
            title=title,
            state=state,
            closed_at=now,
            inputs_total=1,
            inputs_expanded=1,
            pages_total=total,
            pages_done=done,
            pages_failed=failed,
            started_at=now - timedelta(minutes=rng.randint(2, 40)),
            finished_at=now if state == "failed" else None,
            error_id="halaman gagal" if failed else "",
        )
        source = JobInput.objects.create(
            job=job,
            position=1,
            kind="image",
            filename=f"{title}.tif",
            stored_name="x",
            sha256="0",
        )
        for index in range(1, total + 1):
            if index <= done:
                state_, worker = "done", rng.choice(WORKERS)
                finished = now - timedelta(seconds=rng.randint(5, 1800))
            elif index <= done + failed:
                state_, worker, finished = "failed", rng.choice(WORKERS), now
            elif index <= done + failed + 2:
                state_, worker, finished = "processing", rng.choice(WORKERS), None
            else:
                state_, worker, finished = "queued", "", None
            rows.append(
                JobPage(
                    job=job,
                    input=source,
                    index=index,
                    kind="image",
                    state=state_,
                    worker=worker,
                    queued_at=now - timedelta(minutes=30),
                    started_at=now - timedelta(seconds=20),
                    finished_at=finished,
                    error_code="ocr_failed" if state_ == "failed" else "",
                    error_id="OCR gagal" if state_ == "failed" else "",
                )
            )

    for n in range(jobs):
        make(f"Dalam angka {n}", "processing", rng.randint(0, pages - 4), pages)
    for n in range(10):
        make(f"Gagal {n}", "failed", 3, 6, failed=1)
    JobPage.objects.bulk_create(rows, batch_size=2000)
    done_job = DigitisationJob.objects.create(title="Arsip", state="done")
    source = JobInput.objects.create(
        job=done_job, position=1, kind="image", filename="a.tif", stored_name="x", sha256="0"
    )
    JobPage.objects.bulk_create(
        [
            JobPage(
                job=done_job,
                input=source,
                index=n + 1,
                kind="image",
                state="done",
                worker=rng.choice(WORKERS),
                ocr=True,
                finished_at=now - timedelta(seconds=rng.randint(60, 14 * 86400)),
            )
            for n in range(history)
        ],
        batch_size=5000,
    )
    user = User.objects.create_superuser("kepala", password="x")
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _fill_ocr_queue(count: int) -> int:
    """Stand-in messages in the broker's OCR queue, as a real backlog would have."""
    import redis

    client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    client.rpush(BACKLOG_KEY, *["{}"] * count)
    return count


def _empty_ocr_queue(count: int) -> None:
    import redis

    if count:
        redis.Redis.from_url(os.environ.get("REDIS_URL", "")).lrem(BACKLOG_KEY, count, "{}")


def cpu_per_request(cookie: str, count: int) -> dict[str, float]:
    """CPU milliseconds one request costs in-process (Django test client, same database):
    wall time on a busy host waits for a core, CPU time mostly does not."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")  # an allowed host, as the real requests send
    client.cookies["sessionid"] = cookie
    costs = {}
    for name, path in PATHS.items():
        first = client.get(path)
        assert first.status_code == 200, (path, first.status_code)
        samples = []
        for _ in range(count):
            start = time.process_time()
            client.get(path)
            samples.append((time.process_time() - start) * 1000)
        costs[name] = percentile(sorted(samples), 0.5)
    return costs


def measure(base: str, cookie: str, path: str, count: int) -> list[float]:
    times = []
    with httpx.Client(base_url=base, cookies={"sessionid": cookie}, timeout=30) as http:
        for _ in range(10):  # warm-up: connections, caches, first-request imports
            http.get(path).raise_for_status()
        for _ in range(count):
            start = time.perf_counter()
            http.get(path).raise_for_status()
            times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--history", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--write-docs", action="store_true")
    options = parser.parse_args(argv)
    from portal.stack import services

    with tempfile.TemporaryDirectory(prefix="pustaka-bench-monitor-") as folder:
        workdir = Path(folder)
        os.environ["PUSTAKA_VAR_DIR"] = str(workdir / "var")
        os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
        os.environ.pop("DATABASE_URL", None)
        port = services.free_port()
        server = start_portal(workdir, port, None, workdir / "access.log")
        try:
            cookie = seed(options.jobs, options.pages, options.history)
            backlog = _fill_ocr_queue(options.jobs * options.pages // 2)
            base = f"http://127.0.0.1:{port}"
            load = os.getloadavg()[0]
            results = {
                "monitor.json": measure(
                    base, cookie, "/staf/digitalisasi/monitor.json", options.requests
                ),
                "job list (baseline)": measure(
                    base, cookie, "/staf/digitalisasi/", options.requests
                ),
            }
            cpu = cpu_per_request(cookie, 50)
            snapshot = httpx.get(
                f"{base}/staf/digitalisasi/monitor.json", cookies={"sessionid": cookie}
            ).json()
        finally:
            _empty_ocr_queue(backlog if "backlog" in locals() else 0)
            server.terminate()
            server.wait(timeout=30)
    lines = [
        f"{options.jobs} jobs in flight × {options.pages} pages ({len(snapshot['jobs'])} shown, "
        f"{len(snapshot['problems'])} problems listed), {options.history} pages of history, "
        f"{options.requests} sequential requests each, gunicorn 2 workers × 4 threads, SQLite, "
        f"host load average {load:.1f} at the start (other work was running).",
        "",
        "| request | n | p50 ms | p95 ms | max ms | CPU ms per request (p50, in-process) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, values in results.items():
        lines.append(
            f"| {name} | {len(values)} | {percentile(values, 0.5):.1f} | "
            f"{percentile(values, 0.95):.1f} | {values[-1]:.1f} | {cpu[name]:.1f} |"
        )
    section = "\n".join(lines)
    print(section)
    if options.write_docs:
        write_docs("monitor", section)
    p95 = percentile(results["monitor.json"], 0.95)
    return 0 if p95 <= 100 else 1


if __name__ == "__main__":
    sys.exit(main())
