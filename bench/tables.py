"""Table-extraction benchmark: Pustaka's extractor vs pdfplumber's defaults, same pages.

    .venv/bin/python -m bench.tables [--pages-per-variant 16] [--jobs 2] [--write-docs]

Generates BPS-style table pages with known cells (``bench.table_pages``): born-digital
PDFs, and 300 dpi scans that are clean, skewed 1–3° either way, or noisy; plus
text-only pages that must yield no table. Every scan goes through the real page
pipeline (``workers.pipeline.runner.process_image_page``: deskew, Tesseract ind+eng);
the extractor then reads the hOCR that run stored — no second OCR — and, for
born-digital pages, the PDF's own words and ruling lines. In the same run pdfplumber's
``extract_tables()`` with its defaults reads the born-digital PDF and the searchable
page PDF the pipeline made. Reports tables found, invented tables, cell accuracy
(value and position) and exact printed text per variant, and the extractor's time per
page against the page's OCR time.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pdfplumber

from bench.corpus import make_page
from bench.corpus_degrade import degrade
from bench.corpus_files import born_digital_pdf
from bench.corpus_types import GeneratedPage
from bench.table_draw import Layout, lay_out, render_image, render_pdf
from bench.table_pages import TableSpec, page_tables
from bench.table_score import Score, score_library, score_page
from workers.pipeline.context import PageContext
from workers.pipeline.runner import process_image_page
from workers.pipeline.tables.detect import find_tables
from workers.pipeline.tables.hocr import words_from_hocr
from workers.pipeline.tables.pdf_words import words_from_pdf
from workers.pipeline.tables.reread import fill_gaps, page_image
from workers.pipeline.tools import tesseract

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
VARIANTS = ("born_digital", "clean", "skew", "noise")
SIZES = (9.0, 8.5, 8.0, 7.5, 7.0)


def layout_of(seed: int) -> tuple[list[TableSpec], Layout]:
    """A page's tables and a layout that fits them (the largest type size that does)."""
    while True:
        specs = page_tables(seed)
        for pt in SIZES:
            layout = lay_out(specs, pt, "Kota Pariaman Dalam Angka 2024")
            if layout is not None:
                return specs, layout
        seed += 100_000


def scan_of(layout: Layout, variant: str, seed: int) -> GeneratedPage:
    image = render_image(layout)
    page = GeneratedPage(image=image, text="", words=[], digits="", dpi=300)
    rng = random.Random(f"scan:{seed}")
    if variant == "skew":
        return degrade(page, skew_degrees=round(rng.uniform(1.0, 3.0), 2) * rng.choice([-1, 1]))
    if variant == "noise":
        return degrade(page, noise=round(rng.uniform(0.5, 1.0), 2), seed=seed)
    return page


def plumber_grids(pdf: Path) -> list[list[list[str | None]]]:
    """pdfplumber's tables of page 1 with its default settings."""
    with pdfplumber.open(pdf) as document:
        return [list(t) for t in document.pages[0].extract_tables()]


def run_scanned(task: tuple[str, int, str]) -> dict[str, Any]:
    """OCR one scan through the real pipeline, then extract from the stored hOCR."""
    variant, seed, kind = task
    with tempfile.TemporaryDirectory(prefix="bench-tables-") as tmp:
        folder = Path(tmp)
        if kind == "prose":
            page, specs = make_page(seed, kind="prose"), []
        else:
            specs, layout = layout_of(seed)
            page = scan_of(layout, variant, seed)
        png = folder / "page.png"
        page.image.save(png, dpi=(300, 300))
        started = time.perf_counter()
        result = process_image_page(png, PageContext(workdir=folder / "work", page_number=1))
        ocr_seconds = time.perf_counter() - started
        hocr = result.hocr.read_text(encoding="utf-8")
        started = time.perf_counter()
        tables = find_tables(words_from_hocr(hocr))
        extract_seconds = time.perf_counter() - started
        label = f"{variant}/{kind}/{seed}"
        hocr_only = score_page(specs, copy.deepcopy(tables), label)
        started = time.perf_counter()
        if any(t.gaps for t in tables):
            fill_gaps(tables, page_image(result.pdf), _read, folder / "gaps")
        reread_seconds = time.perf_counter() - started
        grids = plumber_grids(result.pdf)
    return {
        "variant": variant if kind == "table" else f"text_only_{variant}",
        "hocr_only": hocr_only,
        "reread_seconds": reread_seconds,
        "ours": score_page(specs, tables, label),
        "plumber": score_library(specs, grids, label),
        "ocr_seconds": ocr_seconds,
        "extract_seconds": extract_seconds,
    }


def _read(strip: Path, out: Path) -> Path:
    return tesseract.read_block(strip, out, languages="ind+eng", dpi=300)


def run_born_digital(seed: int, kind: str, folder: Path) -> dict[str, Any]:
    pdf = folder / f"bd-{kind}-{seed}.pdf"
    if kind == "prose":
        specs: list[TableSpec] = []
        born_digital_pdf([make_page(seed, kind="prose").text], pdf)
    else:
        specs, layout = layout_of(seed)
        render_pdf([layout], pdf)
    started = time.perf_counter()
    tables = find_tables(words_from_pdf(pdf, 1))
    extract_seconds = time.perf_counter() - started
    label = f"born_digital/{kind}/{seed}"
    return {
        "variant": "born_digital" if kind == "table" else "text_only_born_digital",
        "ours": score_page(specs, tables, label),
        "plumber": score_library(specs, plumber_grids(pdf), label),
        "hocr_only": score_page(specs, tables, label),
        "reread_seconds": 0.0,
        "ocr_seconds": 0.0,
        "extract_seconds": extract_seconds,
    }


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    by: dict[str, dict[str, Any]] = {}
    for r in results:
        entry = by.setdefault(
            r["variant"],
            {
                "pages": 0,
                "ours": Score(),
                "hocr": Score(),
                "plumber": Score(),
                "ocr": [],
                "ex": [],
                "re": [],
            },
        )
        entry["pages"] += 1
        entry["ours"].add(r["ours"])
        entry["plumber"].add(r["plumber"])
        entry["hocr"].add(r["hocr_only"])
        entry["re"].append(r["reread_seconds"])
        entry["ocr"].append(r["ocr_seconds"])
        entry["ex"].append(r["extract_seconds"])
    summary = {}
    for variant, e in by.items():
        ocr = statistics.mean(e["ocr"])
        extract = statistics.mean(e["ex"])
        total = extract + statistics.mean(e["re"])
        summary[variant] = {
            "pages": e["pages"],
            "ours": e["ours"].as_dict(),
            "ours_stored_hocr_only": e["hocr"].as_dict(),
            "reread_ms_per_page": round(1000 * statistics.mean(e["re"]), 1),
            "reread_ms_max": round(1000 * max(e["re"]), 1),
            "total_share_of_ocr_pct": round(100 * total / ocr, 2) if ocr else None,
            "pdfplumber_defaults": e["plumber"].as_dict(),
            "ocr_s_per_page": round(ocr, 3),
            "extract_ms_per_page": round(1000 * extract, 1),
            "extract_share_of_ocr_pct": round(100 * extract / ocr, 2) if ocr else None,
            "errors": e["ours"].errors[:12],
        }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages-per-variant", type=int, default=16)
    parser.add_argument("--text-pages", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    n = args.pages_per_variant
    tasks = [(v, 5000 + i, "table") for v in VARIANTS[1:] for i in range(n)]
    tasks += [("clean", 9000 + i, "prose") for i in range(args.text_pages)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-tables-") as tmp:
        results = [run_born_digital(5000 + i, "table", Path(tmp)) for i in range(n)]
        results += [run_born_digital(9000 + i, "prose", Path(tmp)) for i in range(args.text_pages)]
    with get_context("spawn").Pool(args.jobs) as pool:
        for done, result in enumerate(pool.imap_unordered(run_scanned, tasks), start=1):
            results.append(result)
            print(f"  {done}/{len(tasks)} {result['variant']}", file=sys.stderr)
    summary = summarise(results)
    report = {
        "table_pages": sum(1 for r in results if not r["variant"].startswith("text_only")),
        "text_only_pages": sum(1 for r in results if r["variant"].startswith("text_only")),
        "jobs": args.jobs,
        "wall_seconds": round(time.perf_counter() - started, 1),
        "variants": summary,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tables.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(markdown(report))
    return 0


def markdown(report: dict[str, Any]) -> str:
    """The results table for docs/benchmarks.md."""
    lines = [
        "| variant | pages | tables found (ours / pdfplumber) | invented (ours / pdfplumber) "
        "| cells right: ours / stored hOCR only / pdfplumber | printed text exact (ours) "
        "| OCR s/page | extraction ms/page | second look ms/page (max) | share of OCR |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for variant, s in report["variants"].items():
        ours, lib, hocr = s["ours"], s["pdfplumber_defaults"], s["ours_stored_hocr_only"]
        share = s["total_share_of_ocr_pct"]
        lines.append(
            f"| {variant} | {s['pages']} | {ours['found']}/{ours['tables']} / "
            f"{lib['found']}/{lib['tables']} | {ours['invented']} / {lib['invented']} | "
            f"{ours['cell_accuracy_pct']} % / {hocr['cell_accuracy_pct']} % / "
            f"{lib['cell_accuracy_pct']} % | {ours['text_exact_pct']} % | "
            f"{s['ocr_s_per_page']} | {s['extract_ms_per_page']} | "
            f"{s['reread_ms_per_page']} ({s['reread_ms_max']}) | "
            f"{'–' if share is None else f'{share} %'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
