"""Memory of the page pipeline: a large colour page, many pages in one worker, assembly.

    .venv/bin/python -m bench.memory [--pages 12] [--assemble 300] [--write-docs]

Each part runs in a fresh child process and reports its peak resident memory (the
process's own ``ru_maxrss``; Tesseract's, a grandchild, separately):

- an A3 spread (two A4 pages side by side) scanned at 600 dpi in colour: 9921 × 7016
  pixels, 209 MB decoded, through ``process_image_page``;
- ``--pages`` 300 dpi pages one after another in the same process, as a worker takes
  them: resident memory after each page (it must not grow with the page count);
- the assembly of a ``--assemble``-page document from single-page PDFs (the fan-in
  task of a 300-page book).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"


def _rss_mb() -> float:
    """This process's current resident memory in MB."""
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def _peaks() -> tuple[float, float]:
    """(own peak RSS, largest child's peak RSS) in MB, from getrusage (kB on Linux)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1000
    return own, child


def a3_spread(folder: Path) -> dict[str, object]:
    """One A3 colour page at 600 dpi through the whole page pipeline."""
    from PIL import Image

    from bench.realworld_draw import coloured_headings
    from workers.pipeline.context import PageContext
    from workers.pipeline.runner import process_image_page

    left, right = coloured_headings(71, dpi=600), coloured_headings(72, dpi=600)
    spread = Image.new("RGB", (left.image.width * 2, left.image.height), "white")
    spread.paste(left.image, (0, 0))
    spread.paste(right.image, (left.image.width, 0))
    source = folder / "a3-600dpi.png"
    spread.save(source, dpi=(600, 600), compress_level=1)
    del spread, left, right
    started = time.monotonic()
    ctx = PageContext(workdir=folder / "a3", page_number=1)
    result = process_image_page(source, ctx)
    own, child = _peaks()
    return {
        "pixels": f"{ctx.facts.get('width')}x{ctx.facts.get('height')} after reduction",
        "scanned_dpi": ctx.facts.get("scanned_dpi"),
        "seconds": round(time.monotonic() - started, 1),
        "words": len(result.text.split()),
        "peak_rss_mb": round(own),
        "tesseract_peak_rss_mb": round(child),
        "page_pdf_mb": round(result.pdf.stat().st_size / 1e6, 2),
    }


def many_pages(folder: Path, pages: int) -> dict[str, object]:
    """Pages one after another in one process: RSS after each (leaks would show)."""
    from bench.corpus import standard_set, write_png
    from workers.pipeline.context import PageContext
    from workers.pipeline.runner import process_image_page

    generated = standard_set(pages)
    after = []
    for number, page in enumerate(generated, start=1):
        source = write_png(page, folder / f"p{number}.png")
        work = folder / f"w{number}"
        process_image_page(source, PageContext(workdir=work, page_number=number))
        shutil.rmtree(work)
        after.append(round(_rss_mb()))
    own, child = _peaks()
    return {
        "rss_after_each_mb": after,
        "peak_rss_mb": round(own),
        "tesseract_peak_mb": round(child),
    }


def assembly(folder: Path, pages: int) -> dict[str, object]:
    """Assemble ``pages`` single-page PDFs (one real OCR'd page, copied) into PDF/A."""
    from bench.corpus import make_page, write_png
    from workers.pipeline.assemble import DocumentMeta, OcrPage, assemble
    from workers.pipeline.context import PageContext
    from workers.pipeline.runner import process_image_page

    source = write_png(make_page(5, kind="mixed"), folder / "page.png")
    one = process_image_page(source, PageContext(workdir=folder / "one", page_number=1)).pdf
    parts = []
    for number in range(1, pages + 1):
        copy = folder / f"page-{number:04d}.pdf"
        shutil.copyfile(one, copy)
        parts.append(OcrPage(pdf=copy))
    started = time.monotonic()
    result = assemble(parts, folder / "book.pdf", DocumentMeta(title="Buku 300 halaman"))
    own, _ = _peaks()
    return {
        "pages": pages,
        "seconds": round(time.monotonic() - started, 1),
        "pdfa": result.pdfa,
        "file_mb": round(result.path.stat().st_size / 1e6, 1),
        "peak_rss_mb": round(own),
    }


def _in_child(name: str, *args: object) -> dict[str, object]:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix=f"pustaka-mem-{name}-") as tmp:
        if name == "a3":
            return a3_spread(Path(tmp))
        count = int(str(args[0]))
        return many_pages(Path(tmp), count) if name == "pages" else assembly(Path(tmp), count)


def run(name: str, *args: object) -> dict[str, object]:
    """One part in a fresh process, so that its peak RSS is its own."""
    with ProcessPoolExecutor(1) as pool:
        return pool.submit(_in_child, name, *args).result()


def markdown(results: dict[str, dict[str, object]], generated: str) -> str:
    a3, pages, book = results["a3"], results["pages"], results["assemble"]
    rss = pages["rss_after_each_mb"]
    assert isinstance(rss, list)
    return "\n".join(
        [
            f"Run {generated} (load average {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores; memory does not depend on load, seconds do).",
            "",
            "| part | peak RSS of the process (MB) | notes |",
            "|---|---|---|",
            f"| A3 spread, 600 dpi colour (9921×7016) | {a3['peak_rss_mb']} | read as "
            f"{a3['pixels']}, {a3['words']} words, {a3['seconds']} s, page PDF "
            f"{a3['page_pdf_mb']} MB |",
            f"| {len(rss)} pages in one process | {pages['peak_rss_mb']} | RSS after each "
            f"page: {', '.join(str(v) for v in rss)} MB |",
            f"| assembling {book['pages']} pages | {book['peak_rss_mb']} | "
            f"{book['seconds']} s, {book['file_mb']} MB, PDF/A {book['pdfa']} |",
            "",
            "(Tesseract runs as a child process; its own peak is not in these numbers.)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--assemble", type=int, default=300)
    parser.add_argument("--write-docs", action="store_true")
    options = parser.parse_args(argv)
    results = {
        "a3": run("a3"),
        "pages": run("pages", options.pages),
        "assemble": run("assemble", options.assemble),
    }
    print(json.dumps(results, indent=2), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "memory.json").write_text(json.dumps(results, indent=2))
    section = markdown(results, time.strftime("%Y-%m-%d %H:%M %Z"))
    print(section)
    if options.write_docs:
        from bench.realworld import write_docs

        write_docs(section, "memory")
    return 0


if __name__ == "__main__":
    sys.exit(main())
