"""Scan-to-search benchmark: a 20-page ADF batch streamed by the scanner agent to a
running portal, against scanning everything first and OCR'ing the batch afterwards.

    .venv/bin/python -m bench.scan_to_search [--pages 20] [--interval 3.0] [--write-docs]

SANE's `test` backend draws grids and solid fills (nothing to read) and its feeder holds
10 sheets, so the scanner is a paced stand-in at the agent's adapter boundary
(``sane_device.Scanner``): realistic Indonesian statistical pages from
``bench.corpus.standard_set`` (300 dpi grayscale A4; clean, skewed, rotated, noisy),
one every ``--interval`` seconds (3 s = 20 pages/min, an entry-level ADF at 300 dpi).
Everything else is the real thing, in one run:

(a) streaming: ``scanner_agent.scan.run_scan`` (spool, background upload thread) over
    HTTP to the real portal (gunicorn as ``pustaka run`` starts it) with a real prefork
    Celery worker (2 processes) and Meilisearch; measured from the moment the last page
    is captured until every page of the document is found in Meilisearch;
(b) batch: the same pages, then ``ocrmypdf -l ind+eng --deskew --rotate-pages
    --output-type pdfa --jobs 2`` on the assembled images; measured from the last page
    (assembly + OCR), i.e. when the PDF is ready to be indexed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from PIL.Image import Image

from bench.corpus import standard_set
from bench.corpus_files import images_to_scanned_pdf
from bench.corpus_types import GeneratedPage
from scanner_agent.capabilities import Capabilities
from scanner_agent.client import AgentClient

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
TARGET_S = 15.0


class PacedFeeder:
    """A document feeder that yields one page every ``interval`` seconds, then runs dry.

    Implements the agent's ``sane_device.Scanner`` protocol (the adapter boundary).
    """

    def __init__(self, pages: list[GeneratedPage], interval: float) -> None:
        from scanner_agent.capabilities import ResolutionRange

        self.name = "bench:paced-adf"
        self.pages = [page.image for page in pages]
        self.interval = interval
        self.next_at = 0.0
        self.last_captured = 0.0
        self.last_captured_wall = 0.0
        self.caps = Capabilities(
            sources=["Flatbed", "ADF Front"],
            modes=["Lineart", "Gray", "Color"],
            resolutions=ResolutionRange(50, 600, 1),
            scan_area_mm=(216.0, 356.0),
        )

    def capabilities(self) -> Capabilities:
        return self.caps

    def configure(self, settings: object) -> None:
        self.next_at = time.monotonic() + self.interval

    def scan_page(self) -> Image:
        from scanner_agent.errors import FeederEmptyError

        if not self.pages:
            raise FeederEmptyError("bench feeder: no more sheets")
        time.sleep(max(0.0, self.next_at - time.monotonic()))
        self.next_at += self.interval
        image = self.pages.pop(0)
        self.last_captured = time.monotonic()
        self.last_captured_wall = time.time()
        return image

    def close(self) -> None:
        pass


def run_streaming(pages: list[GeneratedPage], interval: float, workdir: Path) -> dict[str, float]:
    from django.conf import settings

    from bench.kiosk import start_portal
    from bench.pipeline import _wait_searchable, celery_worker
    from portal.stack import services
    from scanner_agent import sane_device
    from scanner_agent.scan import ScanOptions, run_scan
    from scanning.services.stations import station_add
    from search_index.client import SearchConfig, make_client
    from search_index.pages import PAGES, index_name
    from tests.testenv import stop

    station = station_add(name="Bench scanner")
    port = services.free_port()
    portal = start_portal(workdir, port, None, workdir / "access.log")
    feeder = PacedFeeder(pages, interval)
    sane_device.open_scanner = lambda name: feeder
    config = SearchConfig(
        url=settings.MEILISEARCH_URL,
        api_key=settings.MEILISEARCH_API_KEY,
        index_prefix=settings.MEILISEARCH_INDEX_PREFIX,
    )
    try:
        with celery_worker(2, workdir / "worker.log"):
            url = f"http://127.0.0.1:{port}"
            options = ScanOptions(
                server=url, token=station.token, device=feeder.name, profile="text-gray-300",
                source="adf", title="Bench: Kota Pariaman Dalam Angka", spool=workdir / "spool",
            )  # fmt: skip
            started = time.monotonic()
            with AgentClient(url, station.token) as client:
                outcome = run_scan(options, client=client, prompt=lambda message: None)
                uploaded = time.monotonic()
                if outcome.fault or outcome.offline or outcome.upload_errors:
                    raise RuntimeError(f"scan failed: {outcome}")
                server_batch = outcome.batches[0].manifest.server_batch_id
                assert server_batch is not None
                softcopy = _wait_softcopy(client, server_batch)
            searchable = _wait_searchable(
                make_client(config), index_name(config, PAGES), softcopy, len(pages)
            )
    finally:
        stop(portal)
    backlog = _ocr_backlog(server_batch, feeder.last_captured_wall)
    return backlog | {
        "pages": len(pages),
        "interval_s": interval,
        "scan_s": feeder.last_captured - started,
        "uploaded_after_last_page_s": uploaded - feeder.last_captured,
        "searchable_after_last_page_s": searchable - feeder.last_captured,
    }


def _ocr_backlog(batch_id: int, last_captured_wall: float) -> dict[str, float]:
    """How far OCR lagged behind the scanner: pages not yet done at the last capture,
    and the mean worker seconds per page in this run (the machine's load shows here)."""
    from datetime import UTC, datetime

    from catalogue.models import JobPage
    from scanning.models import ScanBatch

    job_id = ScanBatch.objects.get(pk=batch_id).job_id
    rows = list(JobPage.objects.filter(job_id=job_id))
    last = datetime.fromtimestamp(last_captured_wall, UTC)
    busy = [row.processing_seconds or 0.0 for row in rows]
    return {
        "pages_not_ocred_at_last_page": sum(
            1 for row in rows if row.finished_at is None or row.finished_at > last
        ),
        "worker_seconds_per_page": round(sum(busy) / max(len(busy), 1), 2),
    }


def _wait_softcopy(client: AgentClient, batch_id: int) -> int:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        job = client.batch(batch_id)["job"]
        if job["state"] == "failed":
            raise RuntimeError(f"job failed: {job}")
        if job["softcopy_id"]:
            return int(job["softcopy_id"])
        time.sleep(0.1)  # the search wait below is what is measured; this only finds the id
    raise RuntimeError("no softcopy after 600 s")


def run_batch_then_ocr(
    pages: list[GeneratedPage], interval: float, workdir: Path
) -> dict[str, float]:
    """Scan first (the same pace: not re-enacted, it only adds the same scan time), then
    assemble and OCR the whole batch; the clock starts at the last page."""
    from bench.pipeline import run_ocrmypdf

    started = time.monotonic()
    pdf = images_to_scanned_pdf(pages, workdir / "batch.pdf")
    result = run_ocrmypdf(pdf, workdir / "batch-ocr.pdf", 2, pages)
    return {
        "pages": len(pages),
        "scan_s": interval * (len(pages) - 1),
        "ocr_after_last_page_s": time.monotonic() - started,
        "ocrmypdf_pages_per_min": result.pages_per_minute,
    }


def markdown(streaming: dict[str, float], batch: dict[str, float], generated: str) -> str:
    stream_s = streaming["searchable_after_last_page_s"]
    batch_s = batch["ocr_after_last_page_s"]
    verdict = "meets" if stream_s <= TARGET_S else "misses"
    return "\n".join(
        [
            f"Run {generated} on 2 cores: {streaming['pages']} pages (300 dpi grayscale A4, "
            f"realistic Indonesian statistical pages), one every {streaming['interval_s']:g} s.",
            "",
            "| run | time from last captured page | pages searchable |",
            "|---|---|---|",
            f"| scanner agent streaming to the portal (2 OCR processes) | "
            f"**{stream_s:.1f} s** to searchable (all pages uploaded "
            f"{streaming['uploaded_after_last_page_s']:.1f} s after the last page) | "
            "in Meilisearch |",
            f"| scan everything, then `ocrmypdf --jobs 2` on the batch | {batch_s:.1f} s to an "
            f"OCR'd PDF ({batch['ocrmypdf_pages_per_min']:.1f} pages/min) | not yet indexed |",
            "",
            f"At the last captured page {streaming['pages_not_ocred_at_last_page']} pages were "
            f"still waiting for OCR (worker time {streaming['worker_seconds_per_page']:.1f} s "
            f"per page; load average {streaming['load_before']:.1f} before the run, "
            f"{streaming['load_after']:.1f} after, from other work on this shared machine).",
            "",
            f"Streaming {verdict} the target of ≤ {TARGET_S:g} s after the last page and is "
            f"{batch_s / max(stream_s, 0.01):.1f}× sooner than OCR'ing the batch afterwards.",
        ]
    )


def write_docs(section: str) -> None:
    docs = REPO / "docs" / "benchmarks.md"
    text = docs.read_text()
    begin, end = "<!-- scan:begin -->", "<!-- scan:end -->"
    if begin not in text:
        raise SystemExit(f"{docs} has no {begin} … {end} section")
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    docs.write_text(f"{head}{begin}\n{section}\n{end}{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--interval", type=float, default=3.0, help="seconds per sheet")
    parser.add_argument("--write-docs", action="store_true")
    options = parser.parse_args(argv)
    from bench.pipeline import pustaka_environment

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise

    with tempfile.TemporaryDirectory(prefix="pustaka-scan-bench-") as tmp:
        workdir = Path(tmp)
        pages = standard_set(options.pages)
        batch = run_batch_then_ocr(pages, options.interval, workdir)
        print(json.dumps({"batch": batch}), flush=True)
        load_before = os.getloadavg()[0]
        with pustaka_environment(workdir):
            streaming = run_streaming(pages, options.interval, workdir)
        streaming |= {"load_before": load_before, "load_after": os.getloadavg()[0]}
        print(json.dumps({"streaming": streaming}), flush=True)
    section = markdown(streaming, batch, time.strftime("%Y-%m-%d %H:%M %Z"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scan_to_search.json").write_text(
        json.dumps({"streaming": streaming, "batch": batch}, indent=2)
    )
    print(section)
    if options.write_docs:
        write_docs(section)
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())
