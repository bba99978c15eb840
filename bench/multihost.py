"""``python -m bench.multihost``: throughput with one and two worker hosts, and what a
page costs beyond OCR when the broker, database and storage are across a network.

Runs the multi-host bed (bench/testbed: PostgreSQL, Redis, Meilisearch and the portal
on a server host, moto as an S3 host, OCR-only worker hosts, all network namespaces).
All hosts share this machine's cores, so two worker hosts cannot beat the core count:
the second host shows that work spreads and what it costs, not a real speed-up.

For each page kind (small 150 dpi cards; 300 dpi A4 prose from bench/corpus) it ingests
one scanned PDF with only worker1 consuming ``ocr``, then the same with both, and reads
every page row: wall time, pages/min, the task's span against the pipeline's own
seconds (the rest is fetching the original and storing results in S3, and the database
writes), queue wait, and the CPU seconds of each worker host's processes. Then it times
dispatch alone: a page task re-sent for a page already done (the worker reads the row,
finds nothing to do, and answers) — broker and database round trips across the network.
``--write`` puts the table into docs/scaling.md between its markers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import img2pdf
import psutil

from bench.corpus import make_page
from bench.corpus_files import write_png as write_corpus_png
from bench.testbed.bed import Bed, BedConfig, multihost_bed
from bench.testbed.network import pids_in
from bench.testbed.pages import scanned_pdf
from common import tasknames

REPO_ROOT = Path(__file__).resolve().parents[1]
DOC = REPO_ROOT / "docs" / "scaling.md"
MARK_START = "<!-- bench.multihost: start -->"
MARK_END = "<!-- bench.multihost: end -->"


def a4_pdf(path: Path, count: int, seed: int) -> Path:
    folder = path.parent / f"{path.stem}-pages"
    folder.mkdir(parents=True, exist_ok=True)
    images = [str(write_corpus_png(make_page(seed + n, kind="prose"), folder / f"{n:03d}.png"))
              for n in range(count)]  # fmt: skip
    path.write_bytes(img2pdf.convert(images))
    return path


def host_cpu(bed: Bed, host: str) -> float:
    """CPU seconds of every process in the host (OCR children included once reaped)."""
    total = 0.0
    for pid in pids_in(bed.lan.netns(host)):
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def consume(bed: Bed, hosts: list[str]) -> None:
    """Only ``hosts`` take pages from the ``ocr`` queue."""
    from celery import Celery

    app = Celery(broker=bed.redis_url)
    try:
        for host in bed.workers:
            node = [bed.node(host)]
            if host in hosts:
                app.control.add_consumer(tasknames.QUEUE_OCR, destination=node, reply=True)
            else:
                app.control.cancel_consumer(tasknames.QUEUE_OCR, destination=node, reply=True)
    finally:
        app.close()


def run_job(bed: Bed, pdf: Path, hosts: list[str], label: str) -> dict[str, Any]:
    consume(bed, hosts)
    cpu_before = {h: host_cpu(bed, h) for h in bed.workers}
    load = os.getloadavg()[0]
    job_id = bed.ingest(pdf, f"bench {label}")
    ingested = time.monotonic()
    job = bed.wait_job(job_id, timeout=3600)
    wall = time.monotonic() - ingested
    if job["state"] != "done":
        raise RuntimeError(f"job {job_id}: {job}")
    rows = bed.query(
        "SELECT worker, queued_at, started_at, finished_at, facts FROM catalogue_jobpage"
        " WHERE job_id = %s", job_id,
    )  # fmt: skip
    cpu = {h: round(host_cpu(bed, h) - cpu_before[h], 1) for h in bed.workers}
    spans = [(r["finished_at"] - r["started_at"]).total_seconds() for r in rows]
    pipeline = [sum((r["facts"] or {}).get("timings", {}).values()) for r in rows]
    waits = [(r["started_at"] - r["queued_at"]).total_seconds() for r in rows]
    first = min(r["started_at"] for r in rows)
    last = max(r["finished_at"] for r in rows)
    processing = (last - first).total_seconds()
    return {
        "label": label,
        "hosts": len(hosts),
        "pages": len(rows),
        "by_worker": {w: sum(r["worker"] == w for r in rows) for w in {r["worker"] for r in rows}},
        "wall_s": round(wall, 1),
        "pages_per_min": round(len(rows) / processing * 60, 1),
        "task_s_mean": round(statistics.mean(spans), 2),
        "pipeline_s_mean": round(statistics.mean(pipeline), 2),
        "beyond_pipeline_s_mean": round(
            statistics.mean(s - p for s, p in zip(spans, pipeline, strict=False)), 2
        ),
        "queue_wait_s_median": round(statistics.median(waits), 1),
        "cpu_s_per_page": round(sum(cpu.values()) / len(rows), 2),
        "cpu_s_by_host": cpu,
        "load_1min_at_start": round(load, 1),
    }


def dispatch_round_trips(bed: Bed, page_id: int, count: int) -> dict[str, float]:
    """A page task for a page already done: the worker host reads the row over the
    network, finds it done, and answers through the result backend."""
    from celery import Celery

    app = Celery(broker=bed.redis_url, backend=bed.redis_url)
    app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    times = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            app.send_task(tasknames.PROCESS_PAGE, args=[page_id], queue=tasknames.QUEUE_OCR
                          ).get(timeout=30)  # fmt: skip
            times.append((time.perf_counter() - started) * 1000)
    finally:
        app.close()
    times.sort()
    return {
        "round_trips": count,
        "p50_ms": round(times[len(times) // 2], 1),
        "p95_ms": round(times[int(len(times) * 0.95)], 1),
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| pages | worker hosts | pages/min | wall s | task s/page | pipeline s/page "
        "| beyond pipeline s/page | CPU s/page | pages per host | load (1 min) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results["runs"]:
        split = " / ".join(str(n) for _, n in sorted(row["by_worker"].items()))
        lines.append(
            f"| {row['pages']} × {row['label'].split()[0]} | {row['hosts']} | "
            f"{row['pages_per_min']} | {row['wall_s']} | {row['task_s_mean']} | "
            f"{row['pipeline_s_mean']} | {row['beyond_pipeline_s_mean']} | "
            f"{row['cpu_s_per_page']} | {split} | {row['load_1min_at_start']} |"
        )
    trips = results["dispatch"]
    lines += [
        "",
        f"Dispatch alone, across the network ({trips['round_trips']} page tasks for a page "
        f"already done, one at a time): p50 {trips['p50_ms']} ms, p95 {trips['p95_ms']} ms. "
        f"Bed start: {results['bed']['start_s']} s (migrations {results['bed']['migrate_s']} s).",
    ]
    return "\n".join(lines)


def write_doc(table: str) -> None:
    text = DOC.read_text()
    start, end = text.index(MARK_START) + len(MARK_START), text.index(MARK_END)
    DOC.write_text(text[:start] + "\n" + table + "\n" + text[end:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=60, help="small pages per run")
    parser.add_argument("--a4", type=int, default=12, help="300 dpi A4 pages per run (0: none)")
    parser.add_argument("--trips", type=int, default=200)
    parser.add_argument("--write", action="store_true", help="update docs/scaling.md")
    parser.add_argument("--json", type=Path, help="also save the results here")
    parser.add_argument(
        "--input-cache-mb", type=int, default=2048, help="workers' PUSTAKA_INPUT_CACHE_MB"
    )
    args = parser.parse_args()
    env = {"PUSTAKA_INPUT_CACHE_MB": str(args.input_cache_mb)}
    with multihost_bed(BedConfig(workers=2, env=env)) as bed:
        inbox = bed.home("server") / "in"
        runs = []
        for kind, count in (("small", args.small), ("A4", args.a4)):
            for hosts in (bed.workers[:1], bed.workers) if count else ():
                name = f"{kind}-{len(hosts)}"  # new bytes each run: no duplicate detection
                pdf = (
                    scanned_pdf(inbox / f"{name}.pdf", count, topic=name)
                    if kind == "small"
                    else a4_pdf(inbox / f"{name}.pdf", count, seed=7000 + 100 * len(hosts))
                )
                runs.append(run_job(bed, pdf, hosts, f"{kind} {len(hosts)}h"))
                print(json.dumps(runs[-1]), flush=True)
        consume(bed, bed.workers)
        done_page = bed.query("SELECT id FROM catalogue_jobpage WHERE state = 'done' LIMIT 1")
        results = {
            "runs": runs,
            "dispatch": dispatch_round_trips(bed, done_page[0]["id"], args.trips),
            "bed": bed.timings,
            "cores": os.cpu_count(),
            "input_cache_mb": args.input_cache_mb,
        }
    print(json.dumps(results["dispatch"]), flush=True)
    table = markdown(results)
    print(table)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    if args.write:
        write_doc(table)


if __name__ == "__main__":
    main()
