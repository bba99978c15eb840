"""``python -m bench.faults``: the real stack through every fault a small office meets.

Starts ``pustaka run`` in a scratch folder (its storage on a small tmpfs, so that it
can really fill up; needs root for ``mount``), loads a little of the demo library, then
delivers each fault in turn and prints one row per fault — what the user saw, seconds to
recover, pages lost, pages duplicated — and writes the table to docs/reliability.md.
Production settings (a reconciler run every 60 s), nothing shortened.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import faults_scenarios as scenarios
from bench import faults_services as services
from bench.faults_scenarios import Row
from bench.stack_driver import REPO_ROOT, Stack
from bench.tmpfs import mounted_tmpfs
from portal.stack.services import free_port

DOC = REPO_ROOT / "docs" / "reliability.md"
MARK_START = "<!-- bench.faults table: start -->"
MARK_END = "<!-- bench.faults table: end -->"


def run(work: Path, *, only: set[str], demo: int) -> list[Row]:
    smtp_port = free_port()
    with mounted_tmpfs(work / "storage", size_bytes=512 * 1024 * 1024) as storage:
        stack = Stack(
            work / "stack",
            extra_env={
                "PUSTAKA_STORAGE_ROOT": str(storage),
                "PUSTAKA_WORKER_CONCURRENCY": str(os.cpu_count() or 2),
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),
                "EMAIL_USE_TLS": "false",
                "EMAIL_USE_SSL": "false",
            },
        )
        stack.start()
        try:
            print(f"stack healthy after {stack.wait_healthy(300):.1f} s", flush=True)
            if demo >= 0:
                stack.cli("demo", "--wait", "--softcopies", str(demo), timeout=1800)
            plan: list[tuple[str, Callable[[], Row]]] = [
                ("worker", lambda: scenarios.worker_killed(stack, work)),
                ("broker", lambda: scenarios.broker_lost(stack, work)),
                ("search", lambda: scenarios.search_killed(stack, work)),
                ("storage", lambda: scenarios.storage_full(stack, work)),
                ("storage-ingest", lambda: scenarios.storage_full_at_ingest(stack, work)),
                ("smtp", lambda: services.smtp_down(stack, work, smtp_port)),
                ("power", lambda: scenarios.power_cut(stack, work)),
                ("backup", lambda: services.backup_wipe_restore(stack, work)),
            ]
            rows = []
            for name, scenario in plan:
                if only and name not in only:
                    continue
                print(f"-- {name}", flush=True)
                rows.append(_attempt(name, scenario))
                print(format_table([rows[-1]]), flush=True)
        finally:
            strays = stack.stop()
            stack.power_cut()
        if strays:
            rows.append(Row("Ctrl-C at the end", f"stray processes: {strays}", None, None, None))
    return rows


def _attempt(name: str, scenario: Callable[[], Row]) -> Row:
    try:
        return scenario()
    except Exception as exc:  # a scenario that breaks is a result: say so in the table
        traceback.print_exc()
        return Row(name, f"SCENARIO FAILED: {type(exc).__name__}: {exc}"[:300], None, None, None)


def _cell(value: float | int | None) -> str:
    return "—" if value is None else f"{value:g}"


def format_table(rows: list[Row]) -> str:
    lines = [
        "| fault | what the user saw | seconds to recover | pages lost | pages duplicated |",
        "|---|---|---:|---:|---:|",
    ]
    for row in rows:
        saw = " ".join(row.user_saw.replace("|", "/").split())
        saw += f" *({row.note})*" if row.note else ""
        lines.append(
            f"| {row.fault} | {saw} | {_cell(row.recovery_s)} | {_cell(row.lost)} "
            f"| {_cell(row.duplicated)} |"
        )
    return "\n".join(lines)


def write_doc(rows: list[Row], seconds: float) -> None:
    """Replace the table between the markers in docs/reliability.md (the prose stays)."""
    load = os.getloadavg()
    busy = load[0] >= (os.cpu_count() or 1) / 2
    about = (
        "other work was running, so read seconds as an upper bound"
        if busy
        else "little else was running"
    )
    block = (
        f"{MARK_START}\n"
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, load average {load[0]:.1f} at the end: {about}), "
        f"{seconds / 60:.1f} min in all, by `python -m bench.faults`.\n\n"
        f"{format_table(rows)}\n{MARK_END}"
    )
    text = DOC.read_text() if DOC.exists() else f"# Reliability\n\n{MARK_START}\n{MARK_END}\n"
    head, _, rest = text.partition(MARK_START)
    _, _, tail = rest.partition(MARK_END)
    DOC.write_text(head + block + tail)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__)
    parser.add_argument("--only", action="append", default=[], help="scenario name(s)")
    parser.add_argument(
        "--demo", type=int, default=1, help="demo softcopies to load first (-1: no demo)"
    )
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/reliability.md")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pustaka-faults-") as tmp:
        rows = run(Path(tmp), only=set(args.only), demo=args.demo)
    print("\n" + format_table(rows))
    if not args.no_doc and not args.only:
        write_doc(rows, time.monotonic() - started)
        print(f"\nwritten to {DOC.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
