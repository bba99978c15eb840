"""Search at one office's scale, one command: ``python -m bench.search_scale --pages 1000000``.

Fills a private Meilisearch (``--max-indexing-threads 1``, ``--max-indexing-memory 1GiB``:
the machine is shared) with an office's whole collection, the way Pustaka indexes it:
the project's index settings (``search_index.schema``), its document builders
(``search.documents``) and its bulk loader (``search.reindex``). Publications and
softcopies are real rows in a private SQLite database, because the API reads them on
every query (titles, a last access check); page texts go straight from the generator
(``bench.search_scale_text``) to the index and are not stored in the database, which
at a million pages would only measure SQLite.

At each checkpoint (by default ¼, ½ and all of ``--pages``, plus 100,000) it waits for
indexing to finish and records: Meilisearch's CPU time and wall time for the segment,
disk (the database folder, and Meilisearch's own ``/stats``), memory of the Meilisearch
process (peak and current RSS, and its anonymous part: the rest is the memory-mapped
index the kernel can drop), and query p50/p95/p99 through the portal API
(``/api/v1/search`` in-process, signed in as a patron: the access-control filters on) and
raw ``multi_search``, for the fixed query mix of ``bench.search``.

``--write-docs`` replaces the section between ``<!-- search-scale:begin -->`` and
``<!-- search-scale:end -->`` in docs/benchmarks.md after every checkpoint, so a run
stopped early still leaves the largest size it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.search_scale_render import render, write_docs
from bench.search_scale_text import publication_pages

REPO = Path(__file__).resolve().parent.parent
MIN_FREE_GB = 15  # stop before the shared disk gets tight
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@contextmanager
def meilisearch(workdir: Path, threads: int) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A private Meilisearch with bounded indexing threads and memory; stopped afterwards."""
    from portal.stack import services
    from tests.testenv import running

    key = secrets.token_urlsafe(24)
    port = services.free_port()
    args = services.meilisearch_command(
        port=port, db_path=workdir / "data.ms", master_key=key, dump_dir=workdir / "dumps"
    )
    args += ["--max-indexing-threads", str(threads)]
    url = f"http://127.0.0.1:{port}"
    with running(args, log=workdir / "meilisearch.log") as process:
        services.wait_until("meilisearch", lambda: services.meilisearch_ready(url), 60)
        os.environ["MEILISEARCH_URL"], os.environ["MEILISEARCH_API_KEY"] = url, key
        yield url, process


def setup_django(workdir: Path) -> None:
    os.environ["PUSTAKA_VAR_DIR"] = str(workdir / "var")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEILISEARCH_INDEX_PREFIX"] = "scale"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from search import outbox

    call_command("migrate", verbosity=0)

    def no_flush() -> None:  # the bench fills the index itself; no broker runs here
        return None

    no_flush.pustaka_flush = True  # type: ignore[attr-defined]
    outbox._send_flush = no_flush


def proc_memory(pid: int) -> dict[str, int]:
    """VmHWM (peak RSS), VmRSS and RssAnon of a process, in bytes."""
    found: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "VmRSS", "RssAnon", "RssFile"):
            found[name] = int(value.split()[0]) * 1024
    return found


def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def folder_bytes(folder: Path) -> int:
    """Bytes allocated on disk (sparse files count what they use, not their length)."""
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())


def publications(n_pages: int, seed: int) -> Iterator[dict[str, Any]]:
    """The collection's publications, with page counts summing to ``n_pages``."""
    from bench.search import AREAS, SERIES

    rng = random.Random(seed)
    pages = number = 0
    while pages < n_pages:
        kind, pattern, length = rng.choice(SERIES)
        code, area = rng.choice(AREAS)
        year = rng.randint(1975, 2025)
        count = min(n_pages - pages, max(4, int(rng.gauss(length, length / 4))))
        roll = rng.random()
        yield {
            "number": number,
            "kind": kind,
            "title": pattern.format(area=area, year=year),
            "year": year,
            "area": (code, area),
            "pages": count,
            "hidden": rng.random() < 0.03,
            "access": "staff" if roll < 0.05 else "patrons" if roll < 0.25 else "public",
            "subjects": rng.randint(0, 1_000_000),
        }
        pages += count
        number += 1


def save_publication(spec: dict[str, Any], subjects: list[Any]) -> tuple[Any, Any]:
    """A publication and its one softcopy, as real rows (the API reads them per query)."""
    from catalogue.models import Publication, Softcopy

    code, area = spec["area"]
    publication = Publication.objects.create(
        title=spec["title"],
        kind=spec["kind"],
        year=spec["year"],
        area_code=code,
        area_name=area,
        catalogue_number=f"{1100000 + spec['number']}.{code[:4]}",
        abstract=f"Publikasi {spec['title']} memuat data statistik.",
        visibility="hidden" if spec["hidden"] else "public",
    )
    pick = random.Random(spec["subjects"])
    publication.subjects.set(pick.sample(subjects, pick.randint(1, 3)))
    softcopy = Softcopy.objects.create(
        publication=publication,
        title=publication.title,
        file="bench.pdf",
        origin="scanned",
        page_count=spec["pages"],
        sha256=f"{spec['number']:064x}",
        access_level=spec["access"],
    )
    return publication, softcopy


class Filler:
    """Streams the collection into the live indexes through the project's own loader."""

    def __init__(self, n_pages: int, seed: int) -> None:
        from bench.search import SUBJECTS
        from catalogue.models import Subject
        from search.config import search_client
        from search.reindex import _Loader
        from search_index.indexes import ensure_index
        from search_index.schema import PAGES, PUBLICATIONS

        client, config = search_client(timeout=60)
        self.seed = seed
        self.subjects = [Subject.objects.get_or_create(name=name)[0] for name in SUBJECTS]
        self.specs = publications(n_pages, seed)
        self.pubs = _Loader(client, ensure_index(client, config, PUBLICATIONS))
        self.pages = _Loader(client, ensure_index(client, config, PAGES))
        self.page_count = 0
        self.publication_count = 0

    def fill_to(self, target: int, stop: Any) -> None:
        """Add publications until ``target`` pages are queued, then wait for Meilisearch."""
        from search.documents import meta_of, page_document, publication_document, record_document

        while self.page_count < target:
            spec = next(self.specs, None)
            if spec is None:
                break
            publication, softcopy = save_publication(spec, self.subjects)
            meta = meta_of(publication)
            self.pubs.add(publication_document(publication, meta))
            self.pages.add(record_document(publication, meta))
            texts = publication_pages(self.seed, spec["number"], spec["year"], spec["pages"])
            for number, text in enumerate(texts, start=1):
                self.pages.add(page_document(softcopy, meta, number=number, text=text))
            self.page_count += spec["pages"]
            self.publication_count += 1
            stop()
        self.pubs.finish()
        self.pages.finish()


def measure_point(
    filler: Filler, process: subprocess.Popen[bytes], workdir: Path, repeat: int
) -> dict[str, Any]:
    """Disk, memory and query latency of the index as it is now (indexing finished)."""
    from bench.search import measure_queries, query_set
    from search.config import search_client

    client, _ = search_client(timeout=60)
    stats = client.get_all_stats()
    indexing_peak = proc_memory(process.pid)
    sampled: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            sampled.append(proc_memory(process.pid)["VmRSS"])

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        queries = measure_queries(query_set(random.Random(filler.seed)), repeat)
    finally:
        done.set()
        sampler.join()
    return {
        "pages": filler.page_count,
        "publications": filler.publication_count,
        "documents": {uid: s["numberOfDocuments"] for uid, s in stats["indexes"].items()},
        "disk_bytes": folder_bytes(workdir / "data.ms"),
        "database_size": stats["databaseSize"],
        "used_database_size": stats.get("usedDatabaseSize"),
        "memory_after_indexing": indexing_peak,
        "query_rss_max": max(sampled, default=0),
        "queries": {k: v for k, v in queries.items() if k != "by_label"},
        "by_label": queries["by_label"],
        "load": os.getloadavg(),
    }


def checkpoints(n_pages: int, asked: str | None) -> list[int]:
    if asked:
        return sorted({min(int(x), n_pages) for x in asked.split(",")} | {n_pages})
    return sorted({p for p in (100_000, n_pages // 4, n_pages // 2) if p < n_pages} | {n_pages})


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "pages_asked": args.pages,
        "seed": args.seed,
        "threads": args.threads,
        "repeat": args.repeat,
        "date": time.strftime("%Y-%m-%d"),
        "points": [],
        "stopped": None,
    }

    def guard() -> None:
        free = shutil.disk_usage(workdir).free / 1e9
        if free < MIN_FREE_GB:
            raise RuntimeError(f"disk free {free:.1f} GB < {MIN_FREE_GB} GB: stopped")

    with meilisearch(workdir, args.threads) as (_, process):
        setup_django(workdir)
        filler = Filler(args.pages, args.seed)
        for target in checkpoints(args.pages, args.checkpoints):
            wall, cpu = time.monotonic(), proc_cpu_seconds(process.pid)
            try:
                filler.fill_to(target, guard)
            except RuntimeError as exc:
                facts["stopped"] = str(exc)
                break
            point: dict[str, Any] = {
                "segment_wall": time.monotonic() - wall,
                "segment_cpu": proc_cpu_seconds(process.pid) - cpu,
            }
            point.update(measure_point(filler, process, workdir, args.repeat))
            facts["points"].append(point)
            print(json.dumps({k: v for k, v in point.items() if k != "by_label"}), flush=True)
            (Path(args.dir or tempfile.gettempdir()) / "search_scale.json").write_text(
                json.dumps(facts, indent=1)
            )
            if args.write_docs:
                write_docs(render(facts))
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1377)
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the query mix")
    parser.add_argument("--threads", type=int, default=1, help="--max-indexing-threads")
    parser.add_argument("--checkpoints", help="page counts to measure at, comma-separated")
    parser.add_argument("--dir", help="where the index and database go (default: temp)")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory(prefix="pustaka-search-scale-", dir=args.dir) as tmp:
        facts = run(args, Path(tmp))
    print(render(facts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
