"""Kiosk load benchmark: guestbook submissions from many clients at once.

    .venv/bin/python -m bench.kiosk [--clients 50] [--per-client 10] [--write-docs]

Runs the real portal (gunicorn, as `pustaka run` does) on a fresh SQLite database under
a temporary folder, then has ``--clients`` threads each load the kiosk form (CSRF token)
and submit it ``--per-client`` times as different visitors. Reports latency percentiles
of the submission (POST → redirect to the ticket) next to the plain form page (GET) of
the same server in the same run, plus throughput and errors. Only loopback traffic.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
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


def start_portal(workdir: Path, port: int) -> subprocess.Popen[bytes]:
    from portal.stack import services

    env = {
        **os.environ,
        "PUSTAKA_VAR_DIR": str(workdir / "var"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    env.pop("DATABASE_URL", None)
    bindir = REPO / ".venv" / "bin"
    subprocess.run([str(bindir / "pustaka"), "migrate", "-v0"], env=env, check=True, cwd=REPO)
    server = subprocess.Popen(
        [
            str(bindir / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=REPO,
        start_new_session=True,
    )
    services.wait_until("portal", lambda: services.port_open("127.0.0.1", port), 30)
    return server


def client_run(
    base: str,
    client: int,
    count: int,
    think: float,
    out: dict[str, list[float]],
    errors: list[str],
    lock: threading.Lock,
) -> None:
    # With think time a kept-alive connection would race gunicorn's 2 s keep-alive expiry:
    # connect afresh each time, as a real kiosk coming back after a while would.
    limits = httpx.Limits(max_keepalive_connections=0 if think else 20)
    with httpx.Client(base_url=base, timeout=30, limits=limits) as http:
        for n in range(count):
            if think:
                time.sleep(think)  # a visitor reads and types between submissions
            try:
                _visit(http, base, client, n, out, errors, lock)
            except httpx.HTTPError as exc:
                with lock:
                    errors.append(type(exc).__name__)


def _visit(
    http: httpx.Client,
    base: str,
    client: int,
    n: int,
    out: dict[str, list[float]],
    errors: list[str],
    lock: threading.Lock,
) -> None:
    """One visitor: load the form (for its CSRF token), then submit it."""
    started = time.perf_counter()
    form = http.get("/buku-tamu/")
    got = time.perf_counter() - started
    match = TOKEN.search(form.text)
    if form.status_code != 200 or not match:
        with lock:
            errors.append(f"GET {form.status_code}")
        return
    phone = f"0812{client:03d}{n:05d}"
    data = {**FORM, "phone": phone, "csrfmiddlewaretoken": match.group(1)}
    started = time.perf_counter()
    response = http.post("/buku-tamu/", data=data, headers={"Referer": base + "/"})
    posted = time.perf_counter() - started
    with lock:
        out["get"].append(got)
        if response.status_code == 302 and "/tiket/" in response.headers["location"]:
            out["post"].append(posted)
        else:
            errors.append(f"POST {response.status_code}")


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        name: percentile(ordered, share) * 1000
        for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=10)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each client waits before each submission (0: closed loop)",
    )
    parser.add_argument("--write-docs", action="store_true")
    options = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from portal.stack import services

    port = services.free_port()
    with tempfile.TemporaryDirectory(prefix="pustaka-kiosk-") as tmp:
        server = start_portal(Path(tmp), port)
        try:
            results: dict[str, list[float]] = {"get": [], "post": []}
            errors: list[str] = []
            lock = threading.Lock()
            threads = [
                threading.Thread(
                    target=client_run,
                    args=(
                        f"http://127.0.0.1:{port}",
                        c,
                        options.per_client,
                        options.think,
                        results,
                        errors,
                        lock,
                    ),
                )
                for c in range(options.clients)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
        finally:
            from portal.stack.testenv import stop

            stop(server)
    post, get = summary(results["post"]), summary(results["get"])
    section = (
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')}: {options.clients} concurrent clients × "
        f"{options.per_client} submissions, {options.think:g} s think time, gunicorn 2 workers "
        "× 4 threads, SQLite, load generator on the same 2 cores.\n\n"
        "| request | n | p50 (ms) | p95 (ms) | p99 (ms) |\n|---|---|---|---|---|\n"
        f"| kiosk form (GET, baseline) | {len(results['get'])} | {get['p50']:.0f} | "
        f"{get['p95']:.0f} | {get['p99']:.0f} |\n"
        f"| guestbook submission (POST) | {len(results['post'])} | {post['p50']:.0f} | "
        f"{post['p95']:.0f} | {post['p99']:.0f} |\n\n"
        f"{len(results['post']) / wall:.1f} submissions/s overall; {len(errors)} errors"
        + (f" ({', '.join(sorted(set(errors)))})" if errors else "")
        + "."
    )
    print(section)
    if options.write_docs:
        marker = "kiosk-think" if options.think else "kiosk"
        docs = REPO / "docs" / "benchmarks.md"
        text = docs.read_text()
        begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        docs.write_text(f"{head}{begin}\n{section}\n{end}{tail}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
