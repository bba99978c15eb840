"""Pipeline benchmark: Pustaka through real Celery workers vs plain ocrmypdf, same pages.

    .venv/bin/python -m bench.pipeline [--pages 24] [--jobs 2] [--write-docs]

Builds the reproducible page set of ``bench.corpus.standard_set`` (300 dpi grayscale,
prose and tables, clean / skewed 1-4° / rotated / noisy, known ground truth), then in
one run on the same input measures:

(a) Pustaka: one job of all pages through a real prefork Celery worker on a private
    Redis, with 1 and with ``--jobs`` processes (wall time from submit to PDF/A);
(b) ``ocrmypdf -l ind+eng --deskew --rotate-pages --output-type pdfa --jobs N`` on a
    lossless PDF of the same pages.

It reports pages/min and their ratio, output size per page, peak worker memory, and
character error rate (CER) and table-digit accuracy of each against the ground truth,
both from Tesseract's own text (Pustaka's page text; ocrmypdf's ``--sidecar``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

from bench.corpus import standard_set
from bench.corpus_files import images_to_scanned_pdf, write_png
from bench.corpus_types import GeneratedPage
from bench.metrics import cer, digit_accuracy, summarise

if TYPE_CHECKING:
    from catalogue.models import DigitisationJob

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"


@dataclass
class RunResult:
    name: str
    processes: int
    seconds: float
    pages: int
    output_bytes: int
    peak_rss_mb: float
    cer_by_variant: dict[str, float] = field(default_factory=dict)
    cer_all: dict[str, float] = field(default_factory=dict)
    digits: dict[str, float] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def pages_per_minute(self) -> float:
        return self.pages / self.seconds * 60

    @property
    def mb_per_page(self) -> float:
        return self.output_bytes / self.pages / 1e6


def quality(pages: list[GeneratedPage], texts: list[str], result: RunResult) -> None:
    """Fill CER (overall and per variant family) and digit accuracy of table pages."""
    by_family: dict[str, list[float]] = {}
    scores = []
    for page, text in zip(pages, texts, strict=True):
        score = cer(page.text, text)
        scores.append(score)
        family = page.variant.rstrip("0123456789.+-").split("+")[0] or "clean"
        family = {"skew": "skewed", "rot": "rotated", "noise": "noisy"}.get(family, family)
        by_family.setdefault(family, []).append(score)
    result.cer_all = summarise(scores)
    result.cer_by_variant = {k: sum(v) / len(v) for k, v in sorted(by_family.items())}
    digit_scores = [
        digit_accuracy(p.digits, t) for p, t in zip(pages, texts, strict=True) if p.digits
    ]
    result.digits = summarise(digit_scores) if digit_scores else {}


class PeakMemory:
    """Sample the resident memory of a process tree's children until stopped."""

    def __init__(self, root_pid: int) -> None:
        self.root = psutil.Process(root_pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            with contextlib.suppress(psutil.Error):
                for proc in [self.root, *self.root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        self.peak = max(self.peak, proc.memory_info().rss)


def run_ocrmypdf(pdf: Path, out: Path, jobs: int, pages: list[GeneratedPage]) -> RunResult:
    sidecar = out.with_suffix(".txt")
    args = [
        "ocrmypdf",
        "-l",
        "ind+eng",
        "--deskew",
        "--rotate-pages",
        "--output-type",
        "pdfa",
        "--jobs",
        str(jobs),
        "--sidecar",
        str(sidecar),
        str(pdf),
        str(out),
    ]
    started = time.monotonic()
    process = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / args[0]), *args[1:]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    with PeakMemory(process.pid) as memory:
        _, stderr = process.communicate()
    seconds = time.monotonic() - started
    if process.returncode != 0:
        raise RuntimeError(f"ocrmypdf failed: {stderr.decode()[-2000:]}")
    result = RunResult("ocrmypdf", jobs, seconds, len(pages), out.stat().st_size, memory.peak / 1e6)
    texts = sidecar.read_text().split("\f")[: len(pages)]
    quality(pages, texts, result)
    return result


@contextlib.contextmanager
def pustaka_environment(workdir: Path) -> Iterator[None]:
    """Private Redis/Meilisearch/SQLite/storage for this run, Django set up in-process."""
    from tests.testenv import private_services

    with private_services(workdir) as env:
        os.environ.update(env)
        os.environ["PUSTAKA_VAR_DIR"] = str(workdir / "var")
        os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        yield


OCRMYPDF_NICENESS = 5  # ocrmypdf's command line lowers its own priority by 5 (os.nice)


def same_niceness_as_ocrmypdf() -> None:
    """Run Pustaka's worker at ocrmypdf's priority: on a busy machine the comparison
    is only fair when both yield the CPU to other work alike."""
    os.nice(OCRMYPDF_NICENESS)


@contextlib.contextmanager
def celery_worker(processes: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    from portal.stack import services
    from tests.testenv import stop
    from workers.celery import app

    node = f"bench-{processes}-{os.getpid()}@bench"
    args = services.celery_worker_command(concurrency=processes, hostname=node, loglevel="WARNING")
    with log.open("wb") as out:
        process = subprocess.Popen(
            args,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            start_new_session=True,
            preexec_fn=same_niceness_as_ocrmypdf,
        )
    try:
        services.wait_until("worker", lambda: bool(app.control.ping([node], timeout=0.5)), 60)
        yield process
    finally:
        stop(process)


def _timed_job(
    images: list[Path], processes: int, worker_pid: int
) -> tuple[float, DigitisationJob, int]:
    """Submit one job of all images; return (seconds to done, the job, peak worker RSS)."""
    from catalogue.services.jobs import job_add_file, job_close, job_create

    with PeakMemory(worker_pid) as memory:
        started = time.monotonic()
        job = job_create(title=f"Benchmark {processes}")
        for image in images:
            job_add_file(job=job, path=image, filename=image.name)
        job_close(job=job)
        while job.state not in ("done", "failed"):
            time.sleep(0.1)
            job.refresh_from_db()
        return time.monotonic() - started, job, memory.peak


def _page_timing(job: DigitisationJob, wall: float, processes: int) -> dict[str, object]:
    """Where the wall time went: per-page processing and how busy the workers were."""
    from catalogue.models import JobPage

    pages = list(JobPage.objects.filter(job=job))
    busy = [p.processing_seconds or 0.0 for p in pages]
    waits = [p.queue_wait_seconds or 0.0 for p in pages]
    steps: dict[str, float] = {}
    for page in pages:
        for name, spent in (page.facts.get("timings") or {}).items():
            steps[name] = steps.get(name, 0.0) + spent / len(pages)
    return {
        "page_seconds": summarise(busy),
        "queue_wait_seconds": summarise(waits),
        "worker_busy_share": round(sum(busy) / (wall * processes), 3),
        "step_seconds_mean": {k: round(v, 3) for k, v in steps.items()},
    }


def run_pustaka(
    images: list[Path], processes: int, pages: list[GeneratedPage], workdir: Path
) -> RunResult:
    from catalogue.models import DigitisationJob, Page
    from catalogue.storage import local_path

    with celery_worker(processes, workdir / f"worker-{processes}.log") as worker:
        seconds, job, peak = _timed_job(images, processes, worker.pid)
    if job.state != DigitisationJob.JobState.DONE:
        raise RuntimeError(f"Pustaka job failed: {job.error_en} {job.error_detail}")
    softcopy = job.softcopy
    assert softcopy is not None
    path = local_path(softcopy.file.name)
    assert path is not None
    result = RunResult(
        "pustaka",
        processes,
        seconds,
        len(pages),
        path.stat().st_size,
        peak / 1e6,
        extra={"pdfa": softcopy.pdfa},
    )
    texts = list(
        Page.objects.filter(softcopy=softcopy).order_by("number").values_list("text", flat=True)
    )
    result.extra.update(_page_timing(job, seconds, processes))
    quality(pages, texts, result)
    return result


def run_streaming(
    images: list[Path], processes: int, interval: float, workdir: Path
) -> dict[str, float]:
    """Pages arrive one by one at scanner pace; how long after the last one is the job
    done, and when can its pages be found in Meilisearch?"""
    from django.conf import settings

    from catalogue.models import DigitisationJob
    from catalogue.services.jobs import job_add_file, job_close, job_create
    from search_index.client import SearchConfig, make_client
    from search_index.pages import PAGES, index_name

    config = SearchConfig(
        url=settings.MEILISEARCH_URL,
        api_key=settings.MEILISEARCH_API_KEY,
        index_prefix=settings.MEILISEARCH_INDEX_PREFIX,
    )
    client = make_client(config)
    with celery_worker(processes, workdir / "worker-streaming.log"):
        job = job_create(title="Streaming")
        for number, image in enumerate(images):
            if number:
                time.sleep(interval)
            job_add_file(job=job, path=image, filename=image.name)
        closed = time.monotonic()  # the last page is in: the producer closes at once
        job_close(job=job)
        while job.state not in ("done", "failed"):
            time.sleep(0.05)
            job.refresh_from_db()
        done = time.monotonic() - closed
        if job.state != DigitisationJob.JobState.DONE:
            raise RuntimeError(f"streaming job failed: {job.error_en}")
        searchable = (
            _wait_searchable(client, index_name(config, PAGES), job.softcopy_id, len(images))
            - closed
        )
    return {
        "pages": len(images),
        "interval_s": interval,
        "done_after_last_page_s": done,
        "searchable_after_last_page_s": searchable,
    }


def _wait_searchable(client, index: str, softcopy_id: int | None, pages: int) -> float:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            found = client.index(index).search(
                "", {"filter": f"softcopy_id = {int(softcopy_id or 0)}", "limit": 0}
            )["estimatedTotalHits"]
            if found >= pages:
                return time.monotonic()
        time.sleep(0.05)
    raise RuntimeError("pages never became searchable")


def markdown(results: list[RunResult], n_pages: int, generated: str) -> str:
    best_ocrmypdf = next((r for r in results if r.name == "ocrmypdf"), results[0])
    lines = [
        f"Run {generated} on {os.cpu_count()} cores, {n_pages} pages "
        "(300 dpi grayscale A4; clean, skewed 1–4°, rotated 90/180, noisy).",
        "",
        "| run | processes | pages/min | vs ocrmypdf | MB/page | peak RSS (MB) "
        "| CER mean | CER clean / skewed / rotated / noisy | table digits exact |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        variants = " / ".join(
            f"{r.cer_by_variant.get(k, float('nan')):.2%}"
            for k in ("clean", "skewed", "rotated", "noisy")
        )
        lines.append(
            f"| {r.name} | {r.processes} | {r.pages_per_minute:.1f} | "
            f"{r.pages_per_minute / best_ocrmypdf.pages_per_minute:.2f}× | {r.mb_per_page:.2f} | "
            f"{r.peak_rss_mb:.0f} | {r.cer_all.get('mean', 0):.2%} | {variants} | "
            f"{r.digits.get('mean', 0):.2%} |"
        )
    one = next((r for r in results if r.name == "pustaka" and r.processes == 1), None)
    many = [r for r in results if r.name == "pustaka" and r.processes > 1]
    if one and many:
        lines += [
            "",
            f"Pustaka speedup from 1 to {many[0].processes} worker processes: "
            f"{one.seconds / many[0].seconds:.2f}×.",
        ]
    if many:
        lines += ["", *step_table(many[0])]
    return "\n".join(lines)


def step_table(run: RunResult) -> list[str]:
    """Mean seconds per page of each step, and the share of the Tesseract limit reached.

    The limit is what the worker processes would reach doing nothing but Tesseract's
    OCR at the speed measured in this run: processes × 60 / mean OCR seconds per page.
    """
    steps = run.extra.get("step_seconds_mean")
    if not isinstance(steps, dict) or not steps.get("ocr"):
        return []
    limit = run.processes * 60 / float(steps["ocr"])
    busy = run.extra.get("page_seconds")
    per_page = float(busy["mean"]) if isinstance(busy, dict) else float("nan")
    beyond = per_page - float(steps["ocr"])
    return [
        f"Per page, {run.processes} processes (mean seconds; `ocr` is Tesseract, orientation "
        "by OSD runs only for sideways or unclear pages):",
        "",
        "| " + " | ".join(steps) + " | whole task | beyond Tesseract |",
        "|" + "---|" * (len(steps) + 2),
        "| "
        + " | ".join(f"{float(v):.3f}" for v in steps.values())
        + f" | {per_page:.3f} | {beyond:.3f} |",
        "",
        f"Tesseract limit of this run: {limit:.1f} pages/min ({run.processes} × 60 s / "
        f"{float(steps['ocr']):.2f} s); Pustaka reached {run.pages_per_minute:.1f}, "
        f"{run.pages_per_minute / limit:.0%} of it (the rest: the steps above, Celery and "
        "storage, and the PDF/A assembly at the end).",
    ]


def _report(result: RunResult) -> None:
    print(json.dumps(asdict(result) | {"ppm": result.pages_per_minute}), flush=True)


def write_docs(section: str) -> None:
    docs = REPO / "docs" / "benchmarks.md"
    begin, end = "<!-- pipeline:begin -->", "<!-- pipeline:end -->"
    text = docs.read_text()
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    docs.write_text(f"{head}{begin}\n{section}\n{end}{tail}")


def report(saved: dict[str, object]) -> str:
    """The docs section from a run's saved results (``bench/results/pipeline.json``)."""
    runs = [RunResult(**r) for r in saved["runs"]]  # type: ignore[attr-defined]
    streaming = saved["streaming"]
    assert isinstance(streaming, dict)
    section = markdown(runs, int(saved.get("pages", runs[0].pages)), str(saved.get("generated")))  # type: ignore[call-overload]
    load = saved.get("load_average") or [float("nan"), float("nan")]
    assert isinstance(load, list)
    section += (
        f"\n\nHost load average {load[0]:.1f} at the start, {load[1]:.1f} at the end "
        "(other work on the same cores slows both tools; compare within a run)."
    )
    return section + (
        f"\n\nStreaming: {streaming['pages']} pages handed in one every "
        f"{streaming['interval_s']:g} s (scanner pace); the job was done "
        f"{streaming['done_after_last_page_s']:.1f} s and its pages searchable "
        f"{streaming['searchable_after_last_page_s']:.1f} s after the last page."
    )


def measure(options: argparse.Namespace) -> dict[str, object]:
    """Run everything once on the same pages; return what ``report`` needs."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="pustaka-bench-") as tmp:
        workdir = Path(tmp)
        pages = standard_set(options.pages)
        images = [write_png(p, workdir / f"page-{i:04d}.png") for i, p in enumerate(pages, 1)]
        pdf = images_to_scanned_pdf(pages, workdir / "input.pdf")
        results: list[RunResult] = []
        if not options.skip_ocrmypdf:
            results.append(run_ocrmypdf(pdf, workdir / "ocrmypdf.pdf", options.jobs, pages))
            _report(results[-1])
        with pustaka_environment(workdir):
            for processes in sorted({options.jobs} if options.skip_single else {1, options.jobs}):
                results.append(run_pustaka(images, processes, pages, workdir))
                _report(results[-1])
            streaming = run_streaming(images[:10], options.jobs, 3.0, workdir)
            print(json.dumps(streaming), flush=True)
    return {
        "generated": time.strftime("%Y-%m-%d %H:%M %Z"),
        "pages": options.pages,
        "load_average": [load_before, os.getloadavg()[0]],
        "runs": [asdict(r) for r in results],
        "streaming": streaming,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--skip-ocrmypdf", action="store_true", help="diagnostics only")
    parser.add_argument(
        "--skip-single", action="store_true", help="no 1-process run (a shorter run)"
    )
    parser.add_argument(
        "--report-only", action="store_true", help="rebuild the report from the last results"
    )
    options = parser.parse_args(argv)
    saved_path = RESULTS / "pipeline.json"
    if options.report_only:
        saved = json.loads(saved_path.read_text())
    else:
        saved = measure(options)
        RESULTS.mkdir(parents=True, exist_ok=True)
        saved_path.write_text(json.dumps(saved, indent=2))
    section = report(saved)
    print(section)
    if options.write_docs:
        write_docs(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
