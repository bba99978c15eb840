"""Real-world benchmark: Pustaka's pipeline against plain ocrmypdf on the same odd files.

    .venv/bin/python -m bench.realworld [--only map-colour.png,jbig2.pdf] [--write-docs]

Builds the corpus of ``bench.realworld_corpus`` (colour maps and charts, coloured and
white-on-dark headings, palette, 1-bit, JBIG2, CCITT, CMYK, 16-bit, alpha, 150 to 2400
dpi, phone photo, typewriter, dot matrix, faded photocopy, two columns, stamps, a
sideways landscape table) and, per file, in the same run:

(a) ``ocrmypdf -l ind+eng --deskew --rotate-pages --output-type pdfa`` (``--image-dpi``
    for an image without a resolution);
(b) Pustaka's own page pipeline as the workers run it (PDF triage and page rasters,
    ``process_image_page``, ``assemble``), without the queue.

It reports, per file, the share of ocrmypdf's words that Pustaka's PDF holds (both
texts taken from the output PDFs with ``pdftotext``; words are runs of ≥ 2 letters or
digits, compared as multisets), the same share counting only ocrmypdf's words that
are in the ground truth ("true words"), and each tool's CER against the ground truth
(from Tesseract's own text: ocrmypdf's ``--sidecar``, Pustaka's page text).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.metrics import cer
from bench.realworld_corpus import CorpusFile, build

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
WORD = re.compile(r"[0-9a-zà-ÿ]{2,}")


@dataclass
class FileResult:
    name: str
    what: str
    ocrmypdf_ok: bool
    pustaka_ok: bool
    ocrmypdf_words: int
    pustaka_words: int
    share: float  # of ocrmypdf's words, Pustaka's PDF holds this share
    true_share: float  # the same over ocrmypdf's words that are in the ground truth
    ocrmypdf_cer: float
    pustaka_cer: float
    ocrmypdf_seconds: float
    pustaka_seconds: float
    error: str = ""
    # Share of the ground truth's words each tool's PDF holds (NaN when it failed).
    ocrmypdf_recall: float = float("nan")
    pustaka_recall: float = float("nan")


def words(text: str) -> Counter[str]:
    """Lower-cased words of ≥ 2 letters or digits, counted."""
    return Counter(WORD.findall(text.lower()))


def share(reference: Counter[str], candidate: Counter[str]) -> float:
    """Share of ``reference``'s words (with multiplicity) that ``candidate`` also has."""
    total = sum(reference.values())
    if not total:
        return 1.0
    return sum(min(n, candidate[w]) for w, n in reference.items()) / total


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-q", str(pdf), "-"], capture_output=True, text=True, check=False
    ).stdout


def run_ocrmypdf(item: CorpusFile, out: Path) -> tuple[bool, str, float, str]:
    """(succeeded, sidecar text, seconds, error tail) of plain ocrmypdf on the file."""
    sidecar = out.with_suffix(".txt")
    args = [
        str(REPO / ".venv" / "bin" / "ocrmypdf"),
        "-l",
        "ind+eng",
        "--deskew",
        "--rotate-pages",
        "--output-type",
        "pdfa",
        "--jobs",
        "1",
        "--sidecar",
        str(sidecar),
    ]
    if item.path.suffix.lower() != ".pdf":
        args += ["--image-dpi", str(item.image_dpi)]
    started = time.monotonic()
    done = subprocess.run(
        [*args, str(item.path), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        return False, "", seconds, done.stderr[-400:]
    return True, sidecar.read_text(errors="replace"), seconds, ""


def run_pustaka(item: CorpusFile, workdir: Path) -> tuple[Path, str, float]:
    """Pustaka's searchable PDF of the file, its Tesseract text and the seconds taken."""
    from workers.pipeline.assemble import DocumentMeta, OcrPage, assemble
    from workers.pipeline.context import PageContext
    from workers.pipeline.image import count_frames, extract_frame
    from workers.pipeline.pdf_inspect import inspect_pdf
    from workers.pipeline.pdf_raster import page_image
    from workers.pipeline.runner import process_image_page

    started = time.monotonic()
    parts, texts = [], []
    if item.path.suffix.lower() == ".pdf":
        numbers = [p.number for p in inspect_pdf(item.path).pages]
    else:
        numbers = list(range(1, count_frames(item.path) + 1))
    for number in numbers:
        ctx = PageContext(workdir=workdir / f"page-{number}", page_number=number)
        if item.path.suffix.lower() == ".pdf":
            image = page_image(item.path, number, ctx)
        elif len(numbers) > 1:
            image = extract_frame(item.path, number - 1, ctx.path("frame.png"))
        else:
            image = item.path
        result = process_image_page(image, ctx)
        parts.append(OcrPage(pdf=result.pdf))
        texts.append(result.text)
    out = workdir / "pustaka.pdf"
    assemble(parts, out, DocumentMeta(title=item.name))
    return out, "\f".join(texts), time.monotonic() - started


def _priority(niceness: int) -> None:
    """Set this process's niceness (lowering it again needs root; else left as is)."""
    with contextlib.suppress(PermissionError):
        os.setpriority(os.PRIO_PROCESS, 0, niceness)


def compare(item: CorpusFile, workdir: Path) -> FileResult:
    """Both tools on one file, and how Pustaka's words compare with ocrmypdf's."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    workdir.mkdir(parents=True, exist_ok=True)
    _priority(0)  # ocrmypdf's command line lowers its own priority by 5 ...
    ok, sidecar, o_seconds, error = run_ocrmypdf(item, workdir / "ocrmypdf.pdf")
    _priority(5)  # ... and Pustaka runs at the same priority
    reference = words(pdf_text(workdir / "ocrmypdf.pdf")) if ok else Counter()
    try:
        pdf, text, p_seconds = run_pustaka(item, workdir / "pustaka")
        candidate, p_ok = words(pdf_text(pdf)), True
    except Exception as exc:  # a failure is a result here
        text, p_seconds, candidate, p_ok = "", 0.0, Counter(), False
        error = f"{error} pustaka: {type(exc).__name__}: {exc}"[-400:]
    truth = words(item.truth)
    true_reference = Counter({w: n for w, n in reference.items() if w in truth})
    return FileResult(
        name=item.name,
        what=item.what,
        ocrmypdf_ok=ok,
        pustaka_ok=p_ok,
        ocrmypdf_words=sum(reference.values()),
        pustaka_words=sum(candidate.values()),
        share=share(reference, candidate),
        true_share=share(true_reference, candidate),
        ocrmypdf_cer=cer(item.truth, sidecar) if ok else float("nan"),
        pustaka_cer=cer(item.truth, text) if p_ok else float("nan"),
        ocrmypdf_seconds=o_seconds,
        pustaka_seconds=p_seconds,
        error=error,
        ocrmypdf_recall=share(truth, reference) if ok else float("nan"),
        pustaka_recall=share(truth, candidate) if p_ok else float("nan"),
    )


def relative_recall(result: FileResult) -> float:
    """Ground-truth words in Pustaka's PDF per ground-truth word in ocrmypdf's (1.0: as many).

    Unlike the share of ocrmypdf's words, this neither caps at 100 % nor asks Pustaka to
    repeat ocrmypdf's misreadings: it is "reads as well as ocrmypdf or better", per file.
    """
    if not (result.ocrmypdf_ok and result.pustaka_ok) or not result.ocrmypdf_recall > 0:
        return float("nan")
    return result.pustaka_recall / result.ocrmypdf_recall


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else float("nan")


def markdown(
    results: list[FileResult], generated: str, load: tuple[float, float] | list[float]
) -> str:
    shares = [r.share for r in results if r.ocrmypdf_ok]
    true_shares = [r.true_share for r in results if r.ocrmypdf_ok]
    lines = [
        f"Run {generated} on {os.cpu_count()} cores, {len(results)} files, two files at a "
        f"time (load average {load[0]:.1f} → {load[1]:.1f}: shared machine, seconds are "
        "indicative only).",
        "",
        "| file | what | ocrmypdf words | Pustaka words | share of ocrmypdf's words "
        "| share of its true words | truth words found: ocrmypdf / Pustaka "
        "| truth words, Pustaka ÷ ocrmypdf "
        "| CER ocrmypdf | CER Pustaka | s ocrmypdf | s Pustaka |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        status = "" if r.pustaka_ok else " **failed**"
        cells = f"{r.share:.1%} | {r.true_share:.1%}" if r.ocrmypdf_ok else "– | –"
        o_cer = f"{r.ocrmypdf_cer:.2%}" if r.ocrmypdf_ok else "–"
        relative = f"{relative_recall(r):.1%}" if r.ocrmypdf_ok and r.pustaka_ok else "–"
        lines.append(
            f"| {r.name}{status} | {r.what} | {r.ocrmypdf_words if r.ocrmypdf_ok else 'failed'} "
            f"| {r.pustaka_words} | {cells} | {r.ocrmypdf_recall:.1%} / {r.pustaka_recall:.1%} "
            f"| {relative} | {o_cer} "
            f"| {r.pustaka_cer:.2%} | {r.ocrmypdf_seconds:.1f} | {r.pustaka_seconds:.1f} |"
        )
    both = [r for r in results if r.ocrmypdf_ok and r.pustaka_ok]
    if shares:
        lines += [
            "",
            f"Share of ocrmypdf's words in Pustaka's PDF: mean {sum(shares) / len(shares):.1%}, "
            f"lowest {min(shares):.1%}; of its true words: mean "
            f"{sum(true_shares) / len(true_shares):.1%}, lowest {min(true_shares):.1%}. "
            f"Failures: Pustaka {sum(not r.pustaka_ok for r in results)}, "
            f"ocrmypdf {sum(not r.ocrmypdf_ok for r in results)}. Ground-truth words found "
            f"(files both read): ocrmypdf {_mean(r.ocrmypdf_recall for r in both):.1%}, "
            f"Pustaka {_mean(r.pustaka_recall for r in both):.1%}; Pustaka ÷ ocrmypdf per "
            f"file: mean {_mean(relative_recall(r) for r in both):.1%}, lowest "
            f"{min((relative_recall(r) for r in both), default=float('nan')):.1%}.",
        ]
    return "\n".join(lines)


def write_docs(section: str, marker: str = "realworld") -> None:
    """Put ``section`` between the ``marker`` comments of docs/benchmarks.md."""
    docs = REPO / "docs" / "benchmarks.md"
    begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
    text = docs.read_text()
    if begin not in text:
        raise SystemExit(f"docs/benchmarks.md has no {begin} section")
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    docs.write_text(f"{head}{begin}\n{section}\n{end}{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="comma-separated corpus file names")
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--report-only", action="store_true", help="rebuild the report from the last results"
    )
    options = parser.parse_args(argv)
    if options.report_only:
        saved = json.loads((RESULTS / "realworld.json").read_text())
        if isinstance(saved, list):  # written before the run's time and load were kept
            saved = {"files": saved, "generated": "(time not recorded)", "load": [0.0, 0.0]}
        section = markdown(
            [FileResult(**r) for r in saved["files"]], saved["generated"], saved["load"]
        )
        print(section)
        if options.write_docs:
            write_docs(section)
        return 0
    only = [n for n in options.only.split(",") if n] or None
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="pustaka-realworld-") as tmp:
        files = build(Path(tmp) / "corpus", only)
        with ProcessPoolExecutor(options.parallel) as pool:
            futures = [pool.submit(compare, f, Path(tmp) / f.name) for f in files]
            results = []
            for future in futures:
                results.append(future.result())
                print(json.dumps(asdict(results[-1])), flush=True)
    generated = time.strftime("%Y-%m-%d %H:%M %Z")
    load = (load_before, os.getloadavg()[0])
    section = markdown(results, generated, load)
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"generated": generated, "load": load, "files": [asdict(r) for r in results]}
    (RESULTS / "realworld.json").write_text(json.dumps(record, indent=2))
    print(section)
    if options.write_docs:
        write_docs(section)
    failed = [r.name for r in results if r.ocrmypdf_ok and not r.pustaka_ok]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
