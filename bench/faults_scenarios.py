"""The faults ``python -m bench.faults`` puts the real stack through, one function each.

Every scenario takes the running stack (``bench.stack_driver.Stack``) and a scratch
folder, delivers its fault by PID to a process the stack started, and returns a row:
what a librarian or patron saw, how long recovery took, and how many pages were lost or
done twice (counted in the database and in the finished softcopy, never assumed).
"""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import make_page
from bench.corpus_files import write_png
from bench.stack_driver import Stack
from bench.tmpfs import fill


@dataclass
class Row:
    fault: str
    user_saw: str
    recovery_s: float | None
    lost: int | None
    duplicated: int | None
    note: str = ""


def pages(folder: Path, count: int, seed: int) -> list[Path]:
    """``count`` 300 dpi A4 pages of Indonesian prose, as a scanner would deliver them."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_png(make_page(seed + i, kind="prose"), folder / f"halaman-{i + 1:02d}.png")
        for i in range(count)
    ]


def lost_and_duplicated(stack: Stack, job_id: int, expected: int) -> tuple[int, int]:
    """Pages missing from / repeated in the finished softcopy (and the job's counter)."""
    job = stack.job(job_id)
    if job["state"] != "done" or job["softcopy_id"] is None:
        return expected, 0
    in_pdf = stack.softcopy_pages(job["softcopy_id"])
    counted_twice = max(0, job["pages_done"] - job["pages_total"])
    return max(0, expected - in_pdf), max(0, in_pdf - expected) + counted_twice


def power_cut(stack: Stack, work: Path) -> Row:
    count = 6
    job_id = stack.ingest(pages(work / "power", count, seed=1100), title="Listrik padam")
    stack.wait_page_processing(job_id)
    stack.power_cut()
    stuck = [p["id"] for p in stack.pages(job_id) if p["state"] == "processing"]
    stack.start()
    healthy_after = stack.wait_healthy(180)
    answered = time.monotonic()
    resumed_after = None
    while resumed_after is None and stack.job(job_id)["state"] not in ("done", "failed"):
        again = [p for p in stack.pages(job_id) if p["id"] in stuck and p["attempts"] >= 2]
        if len(again) == len(stuck):  # every page cut mid-OCR is being OCR'd again
            resumed_after = time.monotonic() - answered
        time.sleep(0.1)
    job = stack.wait_job(job_id, timeout=600)
    done_after = time.monotonic() - answered
    lost, dup = lost_and_duplicated(stack, job_id, count)
    requeued = sum(p["redispatches"] for p in stack.pages(job_id))
    resumed = "—" if resumed_after is None else f"{resumed_after:.1f} s"
    return Row(
        "Power cut mid-job (SIGKILL every process, `pustaka run` again)",
        f"portal down until restarted; /healthz 200 {healthy_after:.0f} s after the restart; "
        f"the {len(stuck)} page(s) cut mid-OCR running again {resumed} after that "
        f"({requeued} re-queued at worker start, none waiting for the 1-hour visibility "
        f"timeout); job {job['state']} {done_after:.1f} s after /healthz",
        round(done_after, 1),
        lost,
        dup,
        "seconds from /healthz answering to the job done (acceptance: ≤ 60 s; the rest "
        "of the job's OCR is in it)",
    )


def worker_killed(stack: Stack, work: Path) -> Row:
    count = 4
    job_id = stack.ingest(pages(work / "worker", count, seed=1200), title="Worker mati")
    stack.wait_page_processing(job_id)
    os.kill(stack.part_pid("worker"), signal.SIGKILL)
    killed = time.monotonic()
    asked = failed = 0
    back = None
    while time.monotonic() - killed < 60:
        asked += 1
        failed += stack.get("/publikasi/")[0] != 200
        if stack.workers_answering():
            back = time.monotonic() - killed
            break
    stack.wait_job(job_id, timeout=600)
    lost, dup = lost_and_duplicated(stack, job_id, count)
    return Row(
        "SIGKILL of the worker main process",
        f"portal answered {asked - failed}/{asked} requests meanwhile; the job went on "
        f"(worker restarts: {stack.restarts().get('worker')})",
        None if back is None else round(back, 1),
        lost,
        dup,
        "seconds until the new worker answers a ping (acceptance: ≤ 10 s)",
    )


def broker_lost(stack: Stack, work: Path) -> Row:
    count = 10
    job_id = stack.ingest(pages(work / "broker", count, seed=1300), title="Broker hilang")
    deadline = time.monotonic() + 300
    while stack.job(job_id)["pages_done"] < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    stack.broker_restart_empty()
    emptied = time.monotonic()
    job = stack.wait_job(job_id, timeout=600)
    lost, dup = lost_and_duplicated(stack, job_id, count)
    return Row(
        "Broker restarted without persistence mid-batch",
        f"job paused, then {job['state']}: the reconciler re-sent {job['redispatches']} "
        "lost messages",
        round(time.monotonic() - emptied, 1),
        lost,
        dup,
        "bounded by the reconciler: period 60 s + queued bound 60 s",
    )


def search_killed(stack: Stack, work: Path) -> Row:
    count = 3
    job_id = stack.ingest(pages(work / "search", count, seed=1400), title="Meilisearch mati")
    stack.wait_job(job_id, timeout=600)
    os.kill(stack.part_pid("search"), signal.SIGKILL)  # as the job's pages go to the index
    killed = time.monotonic()
    fallback = stack.get("/cari/?q=Pariaman")[0]
    in_step, status = False, {}
    while not in_step and time.monotonic() - killed < 600:
        done = stack.cli("search-status", "--json")
        status = json.loads(done.stdout or "{}")
        in_step = bool(status.get("in_step")) and status.get("outbox", {}).get("pending") == 0
        time.sleep(1)
    missing = sum(
        max(0, (row.get("database") or 0) - (row.get("index") or 0))
        for row in status.get("indexes", {}).values()
    )
    return Row(
        "Meilisearch killed while indexing",
        f"the search page answered {fallback} meanwhile (from the database: titles and "
        "metadata); the new pages became searchable once Meilisearch was back",
        round(time.monotonic() - killed, 1) if in_step else None,
        missing,
        0,
        "until database and index counts agree and the outbox is empty",
    )


def storage_full(stack: Stack, work: Path) -> Row:
    count = 2
    files = pages(work / "full", count, seed=1500)
    storage = Path(stack.env["PUSTAKA_STORAGE_ROOT"])
    filler = fill(storage, leave_bytes=sum(f.stat().st_size for f in files) + 16384)
    try:
        job_id = stack.ingest(files, title="Disk penuh")
        job = stack.wait_job(job_id, timeout=600)
        portal = stack.get("/publikasi/")[0]
    finally:
        filler.unlink()
    freed = time.monotonic()
    stack.cli("retry", str(job_id))
    stack.wait_job(job_id, timeout=600)
    lost, dup = lost_and_duplicated(stack, job_id, count)
    return Row(
        "Storage full (a small tmpfs)",
        f"job {job['state']}: “{job['error_id']}” / “{job['error_en']}”; "
        f"portal answered {portal}; inputs kept",
        round(time.monotonic() - freed, 1),
        lost,
        dup,
        "from freeing space to done, `pustaka retry` included",
    )


def storage_full_at_ingest(stack: Stack, work: Path) -> Row:
    """Not even the originals fit: the job must fail at once (not stay ``open``), and
    ``pustaka retry`` store them and complete it once there is room."""
    count = 2
    files = pages(work / "full-ingest", count, seed=1700)
    storage = Path(stack.env["PUSTAKA_STORAGE_ROOT"])
    filler = fill(storage)
    try:
        done = stack.cli("ingest", *map(str, files), "--title", "Disk penuh (masuk)", "--json")
        job_id = int(json.loads(done.stdout.strip().splitlines()[-1])["job_id"])
        job = stack.job(job_id)
        portal = stack.get("/publikasi/")[0]
    finally:
        filler.unlink()
    freed = time.monotonic()
    stack.cli("retry", str(job_id))
    stack.wait_job(job_id, timeout=600)
    lost, dup = lost_and_duplicated(stack, job_id, count)
    return Row(
        "Storage full before the originals are kept (`pustaka ingest`)",
        f"ingest exited {done.returncode}; job {job['state']} at once: “{job['error_en']}”; "
        f"portal answered {portal}; the files stay where they were",
        round(time.monotonic() - freed, 1),
        lost,
        dup,
        "from freeing space to done, `pustaka retry` (which stores the originals) included",
    )
