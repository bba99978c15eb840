"""Acceptance (issues 2 and 11): `pustaka run` brings the whole stack up; the real stack
survives a killed worker, a broker that loses its queues, a full storage disk (mid-job
and at ingest) and a power cut — losing nothing and doing no page twice; Ctrl-C then
stops every process. One stack for the module (its storage on a small tmpfs; started
once, and again only by the power cut); the tests run in order, each leaving the stack
up for the next."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from bench.corpus import make_page
from bench.corpus_files import write_png
from bench.stack_driver import Stack
from bench.tmpfs import fill, mounted_tmpfs

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    root = tmp_path_factory.mktemp("faults")
    with mounted_tmpfs(root / "storage", size_bytes=16 * 1024 * 1024) as storage:
        stack = Stack(
            root,
            extra_env={
                "PUSTAKA_STORAGE_ROOT": str(storage),
                "PUSTAKA_ADMIN_PASSWORD": "",  # the first run makes one and prints it
                # Short bounds so the test need not wait out the production minute.
                "PUSTAKA_RECONCILE_INTERVAL": "3",
                "PUSTAKA_RECONCILE_QUEUED_AFTER": "3",
            },
        )
        stack.start()
        try:
            stack.wait_healthy(120)
            yield stack
        finally:
            strays = stack.stop()
            stack.power_cut()  # nothing, unless stop failed
        assert strays == [], strays


def _pages(tmp_path: Path, count: int, seed: int) -> list[Path]:
    return [
        write_png(
            make_page(seed + i, kind="prose", dpi=150, size="B5"), tmp_path / f"hal-{i + 1}.png"
        )
        for i in range(count)
    ]


def _exactly_once(stack: Stack, job_id: int, count: int) -> dict:
    job = stack.wait_job(job_id, timeout=60)
    assert job["state"] == "done", job
    assert job["pages_done"] == job["pages_total"] == count
    assert [p["state"] for p in stack.pages(job_id)] == ["done"] * count
    assert stack.softcopy_pages(job["softcopy_id"]) == count
    return job


def test_run_starts_every_part_and_a_private_persistent_redis(stack: Stack) -> None:
    status, body = stack.health()
    assert status == 200, body
    states = {name: c["state"] for name, c in body["components"].items()}
    # A fresh stack has made no backup yet: a warning to the operator, no part down.
    assert states.pop("backup") == "warn"
    # The storage is a 16 MB tmpfs: health rightly warns that free space is low.
    assert states.pop("disk") == "warn"
    assert body["components"]["disk"]["storage_free_mb"] <= 16
    assert set(states.values()) == {"ok"}, body["components"]
    assert body["components"]["workers"]["count"] >= 1
    names = " ".join(" ".join(p.cmdline()) for p in stack.descendants())
    for program in ("redis-server", "meilisearch", "celery", "gunicorn", " beat "):
        assert program in names
    text = stack.log.read_text()
    assert "Created admin account 'admin' with password:" in text
    assert f"http://127.0.0.1:{stack.port}/healthz" in text
    key = stack.var_dir / "meilisearch" / "master_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert any((stack.var_dir / "redis").rglob("*.aof")), "private Redis must persist"
    assert (stack.var_dir / "run" / "stack.env").exists()


def test_killed_worker_main_process_is_back_within_10_s_and_portal_answers(stack: Stack) -> None:
    os.kill(stack.part_pid("worker"), signal.SIGKILL)
    killed = time.monotonic()
    portal_failures, back = 0, None
    while time.monotonic() - killed < 30:
        status, _ = stack.get("/publikasi/")
        portal_failures += status != 200
        if stack.restarts().get("worker") and stack.workers_answering():
            back = time.monotonic() - killed
            break
    assert back is not None, stack.log.read_text()[-3000:]
    # Acceptance: back within 10 s (measured by bench.faults: docs/reliability.md). Here
    # only a loose bound: the machine running the suite may be loaded; without the
    # supervisor the worker would never come back at all.
    assert back <= 30, back
    assert portal_failures == 0
    stack_health = stack.health()[1]["components"]["stack"]
    assert stack_health["restarts"]["worker"] == 1
    assert stack_health["restarts"]["web"] == 0
    assert "worker exited with code -9; restart 1 in 0 s" in stack.log.read_text()  # at once
    printed = stack.cli("health")
    assert "worker:1" in printed.stdout, printed.stdout + printed.stderr[-2000:]


def test_broker_restarted_empty_mid_batch_loses_and_duplicates_nothing(
    stack: Stack, tmp_path: Path
) -> None:
    job_id = stack.ingest(_pages(tmp_path, 4, seed=300), title="Broker hilang")
    deadline = time.monotonic() + 60
    while stack.job(job_id)["pages_done"] < 1:
        assert time.monotonic() < deadline, stack.job(job_id)
        time.sleep(0.05)
    stack.broker_restart_empty()
    job = _exactly_once(stack, job_id, 4)
    assert job["redispatches"] >= 1, "the lost page messages were sent again"
    assert stack.restarts()["redis"] == 1

    # The old messages turn up late (as parked ones do after the visibility timeout).
    before = (stack.job(job_id), stack.pages(job_id))
    log_size = len(stack.log.read_text())
    late = stack.cli("shell", "-c", _LATE.format(pages=[p["id"] for p in before[1]], job=job_id))
    assert late.returncode == 0, late.stderr
    deadline = time.monotonic() + 30
    while _succeeded(stack, log_size, "page.process") < 4 or not _succeeded(
        stack, log_size, "job.assemble"
    ):
        assert time.monotonic() < deadline, stack.log.read_text()[log_size:]
        time.sleep(0.2)
    assert (stack.job(job_id), stack.pages(job_id)) == before
    assert stack.softcopy_pages(job["softcopy_id"]) == 4


def _succeeded(stack: Stack, offset: int, task: str) -> int:
    lines = stack.log.read_text()[offset:].splitlines()
    return sum(f"pustaka.{task}[" in line and " succeeded " in line for line in lines)


_LATE = """
from celery import current_app
for page in {pages}:
    current_app.send_task("pustaka.page.process", args=[page], queue="ocr")
current_app.send_task("pustaka.job.assemble", args=[{job}], queue="assemble")
"""


def _wait_until_storage_settles(storage: Path, quiet: float = 1.5, bound: float = 30) -> None:
    """Until nothing has been written under ``storage`` for ``quiet`` seconds (bounded)."""
    deadline, last, since = time.monotonic() + bound, -1, time.monotonic()
    while time.monotonic() < deadline:
        used = shutil.disk_usage(storage).used  # a tmpfs of its own: only the stack writes
        if used != last:
            last, since = used, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.2)


def test_full_storage_fails_the_job_clearly_and_retry_completes_it(
    stack: Stack, tmp_path: Path
) -> None:
    page = _pages(tmp_path, 1, seed=400)[0]
    storage = Path(stack.env["PUSTAKA_STORAGE_ROOT"])
    _wait_until_storage_settles(storage)  # earlier jobs' thumbnails would eat the margin
    filler = fill(storage, leave_bytes=page.stat().st_size + 8192)  # the original fits
    try:
        job_id = stack.ingest([page], title="Disk penuh")
        job = stack.wait_job(job_id, timeout=60)
        assert job["state"] == "failed", job
        assert job["error_code"] == "storage_full"
        assert "Penyimpanan penuh" in job["error_id"]
        assert "Storage is full" in job["error_en"]
        assert stack.get("/publikasi/")[0] == 200  # the portal keeps serving
        assert stack.get("/healthz")[0] in (200, 503)
    finally:
        filler.unlink()
    kept = stack.query("SELECT stored_name FROM catalogue_jobinput WHERE job_id = ?", job_id)[0][
        "stored_name"
    ]
    assert (storage / kept).read_bytes() == page.read_bytes()
    assert not list(storage.rglob("*.part"))
    retried = stack.cli("retry", str(job_id))
    assert retried.returncode == 0, retried.stderr
    _exactly_once(stack, job_id, 1)


def test_ingest_onto_a_full_disk_fails_at_once_and_retry_completes_it(
    stack: Stack, tmp_path: Path
) -> None:
    page = _pages(tmp_path, 1, seed=450)[0]
    storage = Path(stack.env["PUSTAKA_STORAGE_ROOT"])
    filler = fill(storage)  # not even the original fits
    try:
        done = stack.cli("ingest", str(page), "--title", "Disk penuh saat masuk", "--json")
        assert done.returncode == 75, done.stdout + done.stderr  # "try again later"
        job_id = int(json.loads(done.stdout.strip().splitlines()[-1])["job_id"])
        job = stack.job(job_id)
        assert job["state"] == "failed", job  # not left open
        assert job["error_code"] == "storage_full"
        assert "Penyimpanan penuh" in job["error_id"]
        assert "Storage is full: the input files could not be stored" in job["error_en"]
        assert stack.get("/publikasi/")[0] == 200  # the portal keeps serving
    finally:
        filler.unlink()
    assert not list(storage.rglob("*.part"))
    retried = stack.cli("retry", str(job_id))
    assert retried.returncode == 0, retried.stderr
    _exactly_once(stack, job_id, 1)
    kept = stack.query("SELECT stored_name FROM catalogue_jobinput WHERE job_id = ?", job_id)
    assert (storage / kept[0]["stored_name"]).read_bytes() == page.read_bytes()


def test_power_cut_mid_job_completes_within_60_s_of_healthz(stack: Stack, tmp_path: Path) -> None:
    job_id = stack.ingest(_pages(tmp_path, 2, seed=500), title="Listrik padam")
    stack.wait_page_processing(job_id)
    assert stack.power_cut() >= 6  # supervisor, redis, search, worker (+pool), beat, web
    stuck = [p["id"] for p in stack.pages(job_id) if p["state"] == "processing"]
    assert stuck, "the cut must land mid-page"
    stack.start()
    stack.wait_healthy(120)
    answered = time.monotonic()
    _exactly_once(stack, job_id, 2)
    # Acceptance: done within 60 s of /healthz (bench.faults measures it). The proof here
    # is that the cut pages were re-queued at worker start (below), not after the hour of
    # the visibility timeout; the time bound is loose for a loaded test machine.
    assert time.monotonic() - answered <= 120
    for page in stack.pages(job_id):
        if page["id"] in stuck:  # re-queued by the restarted worker, not after an hour
            assert page["redispatches"] >= 1, page
            assert page["attempts"] == 2, page
    assert "left processing" in stack.log.read_text()


def test_sigint_stops_every_process_and_leaves_nothing_behind(stack: Stack) -> None:
    processes = stack.descendants()
    assert len(processes) >= 6  # supervisor, redis, search, worker (+pool), beat, web
    assert stack.stop() == []  # Ctrl-C: no stray process
    _gone, alive = psutil.wait_procs(processes, timeout=15)
    assert alive == [], [p.cmdline() for p in alive]
    assert not (stack.var_dir / "run" / "stack.env").exists()
    assert not (stack.var_dir / "run" / "supervisor.json").exists()
