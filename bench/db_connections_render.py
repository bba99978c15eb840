"""The database-connections bench's section of docs/benchmarks.md."""

from __future__ import annotations

import argparse
import os
import statistics
from pathlib import Path
from typing import Any


def environment(server: str) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()
        limit = conn.execute("SHOW max_connections").fetchone()
    return {
        "version": version[0] if version else "?",
        "max_connections": limit[0] if limit else "?",
        "load": os.getloadavg(),
    }


def _pooled(parts: list[dict[str, Any]], rate: str) -> dict[str, Any]:
    from bench.db_connections import percentiles

    took = [x for p in parts for x in p["took"]]
    merged: dict[str, Any] = {**percentiles(took), rate: statistics.mean(p[rate] for p in parts)}
    merged["sessions"] = sum(p["sessions"] for p in parts)
    merged["errors"] = [e for p in parts for e in p.get("errors", [])]
    merged["requests_total"] = sum(p.get("requests_total", 0) for p in parts)
    return merged


def pool(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One setting's rounds together: pooled latencies, mean rates, summed sessions."""
    return {
        "web": _pooled([r["web"] for r in runs], "rps"),
        "tasks": _pooled([r["tasks"] for r in runs], "per_second"),
    }


def render(results: dict[str, Any], args: argparse.Namespace) -> str:
    env = results["environment"]
    lines = [
        "<!-- db-connections:begin -->",
        "## Database connections (issue 16) — `bench/db_connections.py`",
        "",
        f"`python -m bench.db_connections --write-docs` on {results['date']}: PostgreSQL "
        f"{env['version']} on the same machine (loopback TCP, trust auth: no password "
        "exchange, so opening a connection costs less here than across a network with "
        "SCRAM), a throw-away database. Web: the portal under gunicorn as production runs "
        f"it (2 processes × 4 threads), {args.clients} clients × {args.requests} requests "
        "over publication list, publication detail and OAI-PMH ListIdentifiers. Tasks: 2 "
        f"worker-like processes, {args.pages} page tasks (each `page_start` + "
        "`page_finish` on one job, wrapped as Celery's Django fix-up wraps a task). "
        f"Each setting {results['rounds']} times, in forward then reverse order, samples "
        "pooled. Sessions: PostgreSQL's own count of connections opened (warm-up "
        "included). Load average at the end "
        f"{env['load'][0]:.1f} (2 cores, shared).",
        "",
        "| Setting | Web p50 / p95 / p99 ms | Web req/s | Sessions per 100 requests "
        "| Task p50 / p95 ms | Tasks/s | Sessions per 100 tasks |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in results["configs"]:
        web, tasks = row["web"], row["tasks"]
        lines.append(
            f"| {row['label']} | {web['p50']:.1f} / {web['p95']:.1f} / {web['p99']:.1f} "
            f"| {web['rps']:.0f} | {100 * web['sessions'] / web['requests_total']:.1f} "
            f"| {tasks['p50']:.1f} / {tasks['p95']:.1f} | {tasks['per_second']:.0f} "
            f"| {100 * tasks['sessions'] / tasks['n']:.1f} |"
        )
    errors = sum(len(r["web"]["errors"]) for r in results["configs"])
    costs = results["costs"]
    lines += [
        "",
        f"- Opening a connection (connect, `SELECT 1`, close), measured alone: p50 "
        f"{costs['connect']['p50']:.1f} ms, p95 {costs['connect']['p95']:.1f} ms, of which "
        f"{costs['connect_client_cpu_ms']:.1f} ms CPU in the client; a health check "
        f"(`SELECT 1` on an open connection) p50 {costs['select1']['p50']:.2f} ms, p95 "
        f"{costs['select1']['p95']:.2f} ms.",
        f"- HTTP errors: {errors}.",
        "<!-- db-connections:end -->",
    ]
    return "\n".join(lines)


def write_docs(section: str, docs: Path, begin: str, end: str) -> None:
    text = docs.read_text(encoding="utf-8")
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    docs.write_text(text, encoding="utf-8")
