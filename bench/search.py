"""Search benchmark, one command: ``python -m bench.search [--pages 100000] [--seed 1377]``.

Generates a realistic catalogue (publications of BPS Kota Pariaman with subjects, areas,
kinds and years; page text from the bench corpus generators: Indonesian statistical
prose and tables), writes it to a private SQLite database, indexes it through
``search.reindex`` into a private Meilisearch, then measures in the same run:

* the portal API ``GET /api/v1/search`` through Django's test client (in-process: URL
  routing, session auth, the selector, JSON; no socket or WSGI server), signed in as
  a patron, and raw Meilisearch for the same queries: the selector's own
  ``multi_search`` body, and one plain pages search with the same crop and highlight;
* a full reindex with API queries running throughout (failures recorded);
* time from a finished job's commit to its page being found by the API.

Results go to docs/benchmarks.md between ``<!-- search:begin -->`` and ``<!-- search:end -->``.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- search:begin -->", "<!-- search:end -->"

SUBJECTS = [
    "Kependudukan",
    "Ketenagakerjaan",
    "Pendidikan",
    "Kesehatan",
    "Pertanian",
    "Perikanan",
    "Harga",
    "Inflasi",
    "Pendapatan Regional",
    "Kemiskinan",
    "Perdagangan",
    "Pariwisata",
    "Transportasi",
    "Industri",
    "Keuangan Daerah",
    "Sosial",
]
AREAS = [
    ("1377", "Kota Pariaman"),
    ("1377010", "Pariaman Selatan"),
    ("1377020", "Pariaman Tengah"),
    ("1377021", "Pariaman Timur"),
    ("1377030", "Pariaman Utara"),
    ("13", "Sumatera Barat"),
]
SERIES = [
    ("in_figures", "{area} Dalam Angka {year}", 180),
    ("regional", "Statistik Daerah {area} {year}", 40),
    ("indicators", "Indikator Kesejahteraan Rakyat {area} {year}", 90),
    ("indicators", "Indeks Pembangunan Manusia {area} {year}", 60),
    ("analysis", "Analisis Kemiskinan {area} {year}", 70),
    ("survey", "Hasil Survei Angkatan Kerja Nasional {area} {year}", 60),
    ("news", "Berita Resmi Statistik Inflasi {area} {year}", 12),
    ("indicators", "Produk Domestik Regional Bruto {area} Menurut Lapangan Usaha {year}", 110),
    ("directory", "Direktori Perusahaan Industri {area} {year}", 80),
]
QUERIES_ONE = [
    "padi",
    "inflasi",
    "penduduk",
    "kemiskinan",
    "pengangguran",
    "sekolah",
    "puskesmas",
    "PDRB",
    "IPM",
    "IHK",
    "beras",
    "nelayan",
    "kecamatan",
    "posyandu",
    "Sakernas",
]
QUERIES_MORE = [
    "produksi padi",
    "Pariaman Tengah",
    "jumlah penduduk",
    "tingkat pengangguran terbuka",
    "indeks harga konsumen",
    "laju pertumbuhan ekonomi",
    "rumah tangga miskin",
    "luas panen padi",
    "angka partisipasi sekolah",
    "penduduk menurut jenis kelamin",
]
QUERY_PAUSE = 0.05  # seconds between queries during the reindex: about 20 queries/s
PHRASES = ['"produksi padi"', '"jumlah penduduk"', '"tingkat pengangguran"', '"Dalam Angka"']


def _setup(workdir: Path) -> None:
    os.environ["PUSTAKA_VAR_DIR"] = str(workdir / "var")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEILISEARCH_INDEX_PREFIX"] = "bench"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def page_texts(rng: random.Random, kind: str, year: int, count: int) -> Iterator[str]:
    """Page texts of about 1,500 characters: headings, prose and tables as text lines."""
    from bench.corpus import blocks
    from bench.corpus_types import Heading, Paragraph

    for _ in range(count):
        parts: list[str] = []
        size = 0
        for block in islice(blocks(rng, kind, year), 12):  # type: ignore[arg-type]
            if isinstance(block, Heading | Paragraph):
                text = block.text
            else:
                rows = [" ".join(h) for h in block.headers] + [" ".join(r) for r in block.rows]
                text = f"Tabel {block.number} {block.title}\n" + "\n".join(rows)
            parts.append(text)
            size += len(text)
            if size > 1500:
                break
        yield "\n".join(parts)[:2200]


def build_catalogue(n_pages: int, seed: int) -> dict[str, Any]:
    """Publications, subjects, softcopies and pages, written in bulk (no signals)."""
    from catalogue.models import Page, Publication, Softcopy, Subject

    rng = random.Random(seed)
    subjects = {name: Subject.objects.create(name=name) for name in SUBJECTS}
    pages = 0
    publications = 0
    buffer: list[Page] = []
    started = time.monotonic()
    while pages < n_pages:
        kind, pattern, length = rng.choice(SERIES)
        code, area = rng.choice(AREAS)
        year = rng.randint(2000, 2024)
        publication = Publication.objects.create(
            title=pattern.format(area=area, year=year),
            kind=kind,
            year=year,
            area_code=code,
            area_name=area,
            catalogue_number=f"{rng.randint(1100000, 9999999)}.{code[:4]}",
            abstract=f"Publikasi {pattern.format(area=area, year=year)} memuat data statistik.",
            visibility="hidden" if rng.random() < 0.03 else "public",
        )
        publication.subjects.set(rng.sample(list(subjects.values()), rng.randint(1, 3)))
        publications += 1
        count = min(n_pages - pages, max(4, int(rng.gauss(length, length / 4))))
        roll = rng.random()
        access = "staff" if roll < 0.05 else "patrons" if roll < 0.25 else "public"
        softcopy = Softcopy.objects.create(
            publication=publication,
            title=publication.title,
            file="bench.pdf",
            origin="scanned",
            page_count=count,
            sha256=f"{publications:064x}",
            access_level=access,
        )
        style = rng.choice(["prose", "table", "mixed"])
        for number, text in enumerate(page_texts(rng, style, year, count), start=1):
            buffer.append(Page(softcopy=softcopy, number=number, text=text, ocr=True))
        pages += count
        if len(buffer) >= 5000:
            Page.objects.bulk_create(buffer)
            buffer = []
    Page.objects.bulk_create(buffer)
    return {"publications": publications, "pages": pages, "seconds": time.monotonic() - started}


def query_set(rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """(label, parameters): 1-3 words, typos, filters and phrases."""
    queries: list[tuple[str, dict[str, str]]] = []
    queries += [("1 word", {"q": q}) for q in QUERIES_ONE]
    queries += [("2-3 words", {"q": q}) for q in QUERIES_MORE]
    for word in [w for w in QUERIES_ONE + " ".join(QUERIES_MORE).split() if len(w) >= 6][:15]:
        i = rng.randrange(1, len(word) - 1)
        typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped
        queries.append(("typo", {"q": typo}))
    for q in QUERIES_ONE[:8] + QUERIES_MORE[:4]:
        queries.append(("filter", {"q": q, "year": str(rng.randint(2005, 2024))}))
        queries.append(("filter", {"q": q, "kind": rng.choice(SERIES)[0], "area": "1377"}))
    queries += [("phrase", {"q": q}) for q in PHRASES]
    return queries


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "n": len(samples)}


def timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _getlist(params: dict[str, str]) -> Callable[[str], list[str]]:
    return lambda name: [params[name]] if name in params else []


def measure_queries(queries: list[tuple[str, dict[str, str]]], repeat: int) -> dict[str, Any]:
    """API and raw Meilisearch, interleaved query by query in the same run."""
    from django.contrib.auth.models import User
    from django.test import Client

    from search.config import search_client
    from search.selectors.hits import search_request
    from search.selectors.params import parse_params
    from search_index.indexes import index_name
    from search_index.query import CROP_WORDS, POST, PRE, build_queries

    patron = User.objects.get_or_create(username="bench-patron")[0]
    client = Client(SERVER_NAME="localhost")
    client.force_login(patron)
    meili, config = search_client()
    pages = meili.index(index_name(config, "pages"))
    api: dict[str, list[float]] = {}
    raw: dict[str, list[float]] = {}
    single: list[float] = []
    failures: list[str] = []
    for _ in range(repeat):
        for label, params in queries:
            request = search_request(parse_params(_getlist(params)), patron)
            body = build_queries(config, request)
            plain = {
                "attributesToCrop": ["text"],
                "cropLength": CROP_WORDS,
                "attributesToHighlight": ["text"],
                "highlightPreTag": PRE,
                "highlightPostTag": POST,
                "limit": 10,
            }

            def ask_api(p: dict[str, str] = params) -> None:
                response = client.get("/api/v1/search", p)
                if response.status_code != 200 or response.json()["fallback"]:
                    failures.append(f"{p}: {response.status_code}")

            api.setdefault(label, []).append(timed(ask_api))
            raw.setdefault(label, []).append(timed(partial(meili.multi_search, body)))
            single.append(timed(partial(pages.search, params["q"], plain)))
    every_api = [x for values in api.values() for x in values]
    every_raw = [x for values in raw.values() for x in values]
    return {
        "api": percentiles(every_api),
        "raw": percentiles(every_raw),
        "single": percentiles(single),
        "by_label": {k: (percentiles(api[k]), percentiles(raw[k])) for k in api},
        "failures": failures,
    }


def reindex_under_load(queries: list[tuple[str, dict[str, str]]]) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.test import Client

    from search.reindex import reindex

    patron = User.objects.get(username="bench-patron")
    stop = threading.Event()
    answered: list[float] = []
    failed: list[str] = []

    def loop() -> None:
        client = Client(SERVER_NAME="localhost")
        client.force_login(patron)
        i = 0
        while not stop.is_set():
            params = queries[i % len(queries)][1]
            i += 1
            started = time.perf_counter()
            try:
                response = client.get("/api/v1/search", params)
                ok = response.status_code == 200 and not response.json()["fallback"]
                if not ok:
                    failed.append(f"{params}: {response.status_code}")
            except Exception as exc:  # recorded, not hidden
                failed.append(f"{params}: {exc!r}")
            answered.append((time.perf_counter() - started) * 1000)
            time.sleep(QUERY_PAUSE)  # a busy library's pace, not a load test

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        report = reindex()
    finally:
        stop.set()
        thread.join()
    return {
        "seconds": report.seconds,
        "queries": len(answered),
        "failed": failed,
        "during": percentiles(answered) if len(answered) > 2 else None,
        "pages": report.pages,
    }


def freshness(trials: int, seed: int) -> list[float]:
    """Commit of a finished job's softcopy → its page found through the API.

    A thread stands in for the Celery worker receiving the flush task (the broker hop
    itself costs ≈ 2.5 ms, see shared/FACTS.md).
    """
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.test import Client

    from catalogue.models import Page, Publication, Softcopy
    from search import outbox
    from search.sync import flush_outbox

    workers: list[threading.Thread] = []

    def send_flush() -> None:
        workers.append(threading.Thread(target=flush_outbox))
        workers[-1].start()

    send_flush.pustaka_flush = True  # type: ignore[attr-defined]
    outbox._send_flush = send_flush
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="bench-patron"))
    rng = random.Random(seed)
    owner = Publication.objects.filter(visibility="public").first()
    assert owner is not None
    results = []
    for trial in range(trials):
        word = "".join(rng.choice("bcdfghjklmnprstvwz") + rng.choice("aiueo") for _ in range(5))
        with transaction.atomic():
            softcopy = Softcopy.objects.create(
                publication=owner,
                title=owner.title,
                file="fresh.pdf",
                origin="scanned",
                page_count=3,
                sha256=f"{trial:064x}",
                access_level="public",
            )
            Page.objects.bulk_create(
                [
                    Page(softcopy=softcopy, number=n, text=f"halaman {n} {word if n == 2 else ''}")
                    for n in (1, 2, 3)
                ]
            )
        committed = time.perf_counter()
        deadline = committed + 30
        while time.perf_counter() < deadline:
            body = client.get("/api/v1/search", {"q": word}).json()
            if any(
                pg["softcopy_id"] == softcopy.pk for p in body["publications"] for pg in p["pages"]
            ):
                break
            time.sleep(0.01)
        results.append(time.perf_counter() - committed)
    for worker in workers:
        worker.join()
    return results


def render(facts: dict[str, Any]) -> str:
    q = facts["queries"]

    def row(name: str, p: dict[str, float]) -> str:
        return f"| {name} | {p['p50']:.1f} | {p['p95']:.1f} | {p['p99']:.1f} | {p['n']} |"

    lines = [
        BEGIN,
        "## Search (issue 5)",
        "",
        f"`python -m bench.search --pages {facts['pages_asked']} --seed {facts['seed']}` on "
        f"{facts['date']}: {facts['catalogue']['publications']} publications, "
        f"{facts['catalogue']['pages']} pages (≈1,500 characters of Indonesian statistical "
        f"prose and tables each), private Meilisearch 1.21 and SQLite, 2 shared cores.",
        "API latency is measured through Django's test client in-process (routing, session "
        "auth, selector, one `multi_search`, one database query, JSON), signed in as a "
        "patron; raw Meilisearch is timed from the same Python process for the same queries.",
        "",
        "| Latency (ms) | p50 | p95 | p99 | queries |",
        "|---|---|---|---|---|",
        row("Portal API `/api/v1/search`", q["api"]),
        row("Raw Meilisearch, the API's `multi_search` body", q["raw"]),
        row("Raw Meilisearch, one pages search, crop + highlight", q["single"]),
    ]
    lines += ["", "| Query kind | API p50 | API p95 | raw p50 | raw p95 |", "|---|---|---|---|---|"]
    for label, (api, raw) in q["by_label"].items():
        lines.append(
            f"| {label} | {api['p50']:.1f} | {api['p95']:.1f} | "
            f"{raw['p50']:.1f} | {raw['p95']:.1f} |"
        )
    ri = facts["reindex"]
    lines += [
        "",
        f"- First full index from the database: {facts['first_index']:.1f} s.",
        f"- Full reindex (fresh indexes + atomic swap) with API queries running throughout "
        f"(one client, a query every {QUERY_PAUSE * 1000:.0f} ms after the previous answer): "
        f"{ri['seconds']:.1f} s for {ri['pages']} pages; {ri['queries']} queries answered "
        f"during it, {len(ri['failed'])} failed"
        + (f" (p95 {ri['during']['p95']:.1f} ms while indexing)." if ri["during"] else "."),
        f"- Finished job → searchable through the API (commit of the softcopy and its pages → "
        f"outbox flush → found by `/api/v1/search`; the Celery hop, ≈ 2.5 ms, is played by a "
        f"thread): median "
        f"{statistics.median(facts['fresh']):.2f} s, max {max(facts['fresh']):.2f} s "
        f"({len(facts['fresh'])} trials).",
        f"- Query failures during latency runs: {len(q['failures'])}.",
        f"- Catalogue generation and database writes: {facts['catalogue']['seconds']:.0f} s.",
        END,
    ]
    return "\n".join(lines)


def write_docs(section: str) -> None:
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1377)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print, do not edit docs")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from tests.testenv import private_meilisearch

    with tempfile.TemporaryDirectory(prefix="pustaka-bench-search-") as tmp:
        workdir = Path(tmp)
        key = secrets.token_urlsafe(24)
        with private_meilisearch(workdir, key) as (url, _):
            os.environ["MEILISEARCH_URL"], os.environ["MEILISEARCH_API_KEY"] = url, key
            _setup(workdir)
            from search.reindex import reindex

            facts: dict[str, Any] = {
                "pages_asked": args.pages,
                "seed": args.seed,
                "date": time.strftime("%Y-%m-%d"),
            }
            print("generating…", flush=True)
            facts["catalogue"] = build_catalogue(args.pages, args.seed)
            print(facts["catalogue"], flush=True)
            facts["first_index"] = reindex().seconds
            print(f"indexed in {facts['first_index']:.1f} s", flush=True)
            queries = query_set(random.Random(args.seed))
            facts["queries"] = measure_queries(queries, args.repeat)
            print({k: v for k, v in facts["queries"].items() if k != "by_label"}, flush=True)
            facts["reindex"] = reindex_under_load(queries)
            print(
                {k: v for k, v in facts["reindex"].items() if k != "failed"},
                facts["reindex"]["failed"][:5],
                flush=True,
            )
            facts["fresh"] = freshness(10, args.seed)
            print("fresh", facts["fresh"], flush=True)
    section = render(facts)
    print(section)
    if not args.no_write:
        write_docs(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
