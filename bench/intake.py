"""Intake benchmark: how exactly the proposed record matches what the front pages print.

    .venv/bin/python -m bench.intake [--documents 48] [--jobs 2] [--write-docs]

Draws ``--documents`` publications' front pages (``bench.intake_corpus``: covers,
title pages, imprint pages; varied layouts, fonts, case, label spellings, skew, noise,
fields left out), OCRs every page with the real page pipeline (orient, deskew, Tesseract
``ind+eng``, hOCR: ``workers.pipeline.runner.process_image_page``), proposes a record
from the hOCR (``catalogue.proposal``) and compares each field with the truth: exact
matches where the field is printed, and "invented" where it is not printed but something
was proposed. In the same run a plain baseline reads the same OCR text the simple way
(first match of each pattern anywhere, first line as title), to show what labels, check
digits and page roles are worth. Results go to docs/benchmarks.md between
``<!-- intake:begin -->`` and ``<!-- intake:end -->`` and to bench/results/intake.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.intake_corpus import Truth, make_document
from catalogue.proposal.extract import propose
from catalogue.proposal.numbers import CATALOGUE, ISSN, PUBLICATION
from catalogue.proposal.pages import page_from_hocr

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- intake:begin -->", "<!-- intake:end -->"
COMPARED = (
    "title",
    "title_en",
    "year",
    "period",
    "catalogue_number",
    "publication_number",
    "issn",
    "isbn",
    "area_code",
    "kind",
)
REQUIRED = ("catalogue_number", "issn", "year", "title")


def _ocr_document(
    seed: int, folder: str, cache: str = ""
) -> tuple[int, list[str], list[str], float]:
    """OCR one document's pages with the real pipeline; its hOCR and text per page."""
    kept = Path(cache) / f"doc{seed:03d}.json" if cache else None
    if kept is not None and kept.exists():
        seed_, hocrs_, texts_, seconds_ = json.loads(kept.read_text())
        return seed_, hocrs_, texts_, seconds_
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from workers.pipeline.context import PageContext
    from workers.pipeline.runner import process_image_page

    document = make_document(seed)
    started = time.perf_counter()
    hocrs, texts = [], []
    for number, image in enumerate(document.pages, start=1):
        path = Path(folder) / f"doc{seed:03d}-{number}.png"
        image.save(path, dpi=(document.dpi, document.dpi))
        ctx = PageContext(workdir=Path(folder) / f"work-{seed}-{number}", page_number=number)
        result = process_image_page(path, ctx)
        hocrs.append(result.hocr.read_text(encoding="utf-8"))
        texts.append(result.text)
    seconds = time.perf_counter() - started
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps([seed, hocrs, texts, seconds]))
    return seed, hocrs, texts, seconds


def truth_values(truth: Truth) -> dict[str, str]:
    values = {name: str(getattr(truth, name) or "") for name in COMPARED}
    return values


def normalise(name: str, value: str) -> str:
    """Comparison form: spacing and dashes unified; titles compared without case."""
    value = re.sub(r"\s+", " ", value.replace("–", "-").replace("—", "-")).strip()
    return value.casefold() if name in ("title", "title_en") else value


def baseline(texts: list[str]) -> dict[str, str]:
    """The plain way: first pattern match anywhere, the first line as the title."""
    text = "\n".join(texts)
    found = {name: "" for name in COMPARED}
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    found["title"] = first
    for name, pattern in (("catalogue_number", CATALOGUE), ("publication_number", PUBLICATION)):
        match = pattern.search(text)
        found[name] = f"{match[1]}.{match[2]}" if match else ""
    issn = ISSN.search(text)
    found["issn"] = f"{issn[1]}-{issn[2]}" if issn else ""
    year = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text)
    found["year"] = year.group(0) if year else ""
    return found


def score(rows: list[dict[str, dict[str, str]]], key: str) -> dict[str, dict[str, float]]:
    """Per field: exact matches among printed values, inventions among absent ones."""
    result = {}
    for name in COMPARED:
        printed = [r for r in rows if r["truth"][name]]
        absent = [r for r in rows if not r["truth"][name]]
        exact = sum(
            normalise(name, r[key][name]) == normalise(name, r["truth"][name]) for r in printed
        )
        invented = sum(bool(r[key][name]) for r in absent)
        result[name] = {
            "printed": len(printed),
            "exact": exact,
            "accuracy": exact / len(printed) if printed else 1.0,
            "absent": len(absent),
            "invented": invented,
        }
    return result


def markdown(
    scores: dict[str, dict[str, float]], plain: dict[str, dict[str, float]], meta: dict[str, object]
) -> str:
    lines = [
        "## Intake: proposed record from the front pages (issue 12)",
        "",
        f"{meta['documents']} generated publications (seeds {meta['seeds']}; the extractor "
        "was tuned on seeds 0–47, 100–102 and 200–247, so these are unseen; "
        f"{meta['pages']} pages: covers in three "
        "layouts, title pages, imprint pages with bilingual labels in several spellings and "
        "one- or two-column layout; DejaVu Sans/Serif/Condensed; capitals or mixed case; "
        "skew up to ±1.5°, noise up to 0.45; B5/A4/A5 at 200 dpi; about 10 % without an "
        "imprint page, 20 % without a title page, numbers left out at random), OCR'd by the "
        "real page pipeline (`process_image_page`: orientation, deskew, Tesseract `ind+eng`, "
        f"hOCR) on {meta['jobs']} processes, {meta['ocr_seconds']:.0f} s of OCR for all pages "
        f"(run {meta['generated']}, machine shared with other work: times are indicative). "
        "Exact = the proposed value equals the printed one (titles compared without case "
        "and with spacing unified); invented = a value proposed for a field the pages do "
        "not print. Plain = the same OCR text read the simple way (first match of each "
        "pattern anywhere, first line as the title).",
        "",
        "| field | printed in | exact | accuracy | absent in | invented | plain accuracy |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in COMPARED:
        s = scores[name]
        p = plain.get(name)
        plain_cell = f"{p['accuracy']:.1%}" if p and name in BASELINE_FIELDS else "–"
        mark = " **(≥ 95 % required)**" if name in REQUIRED else ""
        lines.append(
            f"| {name}{mark} | {s['printed']} | {s['exact']} | {s['accuracy']:.1%} | "
            f"{s['absent']} | {s['invented']} | {plain_cell} |"
        )
    return "\n".join(lines)


BASELINE_FIELDS = ("title", "year", "catalogue_number", "publication_number", "issn")


def write_docs(section: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if BEGIN not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOCS.write_text(f"{head}{BEGIN}\n{section}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=48)
    parser.add_argument(
        "--first-seed",
        type=int,
        default=300,
        help="seeds 0-47, 100-102, 200-247 were looked at while tuning; the default is unseen",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print every wrong field")
    parser.add_argument("--cache", default="", help="keep/reuse OCR results here (tuning)")
    options = parser.parse_args(argv)
    rows: list[dict[str, dict[str, str]]] = []
    pages, ocr_seconds = 0, 0.0
    with (
        tempfile.TemporaryDirectory(prefix="pustaka-intake-") as folder,
        ProcessPoolExecutor(max_workers=options.jobs) as pool,
    ):
        futures = [
            pool.submit(_ocr_document, seed, folder, options.cache)
            for seed in range(options.first_seed, options.first_seed + options.documents)
        ]
        for future in futures:
            seed, hocrs, texts, seconds = future.result()
            pages += len(hocrs)
            ocr_seconds += seconds
            proposal = propose([page_from_hocr(n, h) for n, h in enumerate(hocrs, 1)])
            truth = truth_values(make_document(seed).truth)
            row = {
                "truth": truth,
                "proposed": {name: proposal.value(name) for name in COMPARED},
                "plain": baseline(texts),
                "seed": {"seed": str(seed)},
            }
            rows.append(row)
            if options.verbose:
                for name in COMPARED:
                    want, got = truth[name], row["proposed"][name]
                    if normalise(name, want) != normalise(name, got):
                        print(f"seed {seed} {name}: want {want!r} got {got!r}", flush=True)
    scores, plain = score(rows, "proposed"), score(rows, "plain")
    meta = {
        "documents": options.documents,
        "seeds": f"{options.first_seed}–{options.first_seed + options.documents - 1}",
        "pages": pages,
        "jobs": options.jobs,
        "ocr_seconds": ocr_seconds / max(1, options.jobs),
        "generated": time.strftime("%Y-%m-%d %H:%M %Z"),
    }
    section = markdown(scores, plain, meta)
    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "intake.json").write_text(
        json.dumps({"meta": meta, "scores": scores, "plain": plain, "rows": rows}, indent=2)
    )
    print(section)
    if options.write_docs:
        write_docs(section)
    failed = [n for n in REQUIRED if scores[n]["accuracy"] < 0.95]
    invented = [n for n in COMPARED if scores[n]["invented"]]
    if failed or invented:
        print(f"below 95 %: {failed}; invented: {invented}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
