"""CPU seconds per page: Pustaka's page pipeline against plain ocrmypdf, same pages.

    .venv/bin/python -m bench.pipeline_cpu [--pages 24]

Wall-clock ratios on a shared machine swing with other work (docs/benchmarks.md: 1.7× to
6× between runs of ``bench.pipeline`` an hour apart). CPU time barely does: on two
cores kept busy, pages per minute go as the inverse of CPU seconds per page. This
measures, on the pages of ``bench.pipeline`` (``bench.corpus.standard_set``):

- Pustaka: ``process_image_page`` on each page in this process, then the PDF/A
  assembly; this process's CPU time plus its children's (the Tesseract server is
  stopped at the end so that its time is counted);
- ``ocrmypdf -l ind+eng --deskew --rotate-pages --output-type pdfa --jobs 2`` on the
  lossless PDF of the same pages: the CPU time of it and all its children.

The Celery hop and storage (a few milliseconds a page) are not in Pustaka's figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.corpus import standard_set
from bench.corpus_files import images_to_scanned_pdf, write_png
from bench.metrics import cer

REPO = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pustaka_cpu(images: list[Path], workdir: Path) -> tuple[float, list[str]]:
    """CPU seconds for all pages and the assembly, and Tesseract's text of each page."""
    from workers.pipeline.assemble import DocumentMeta, OcrPage, assemble
    from workers.pipeline.context import PageContext
    from workers.pipeline.runner import process_image_page
    from workers.pipeline.tools import tesseract

    started = _cpu()
    results = [
        process_image_page(image, PageContext(workdir=workdir / image.stem, page_number=n))
        for n, image in enumerate(images, 1)
    ]
    assemble([OcrPage(pdf=r.pdf) for r in results], workdir / "out.pdf", DocumentMeta("cpu"))
    tesseract.stop_server()
    return _cpu() - started, [r.text for r in results]


def ocrmypdf_cpu(pdf: Path, out: Path) -> tuple[float, list[str]]:
    started = _cpu()
    args = ["-l", "ind+eng", "--deskew", "--rotate-pages", "--output-type", "pdfa"]
    args += ["--jobs", "2", "--sidecar", str(out.with_suffix(".txt")), str(pdf), str(out)]
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "ocrmypdf"), *args],
        check=True,
        capture_output=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return _cpu() - started, out.with_suffix(".txt").read_text().split("\f")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=24)
    options = parser.parse_args(argv)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="pustaka-cpu-") as tmp:
        workdir = Path(tmp)
        pages = standard_set(options.pages)
        images = [write_png(p, workdir / f"page-{i:04d}.png") for i, p in enumerate(pages, 1)]
        pdf = images_to_scanned_pdf(pages, workdir / "input.pdf")
        load = os.getloadavg()[0]
        ours, our_texts = pustaka_cpu(images, workdir / "pustaka")
        theirs, their_texts = ocrmypdf_cpu(pdf, workdir / "ocrmypdf.pdf")
    n = len(pages)
    for name, seconds, texts in (("pustaka", ours, our_texts), ("ocrmypdf", theirs, their_texts)):
        scores = [cer(p.text, t) for p, t in zip(pages, texts, strict=False)]
        print(f"{name}: {seconds / n:.3f} CPU s/page, CER mean {sum(scores) / n:.2%}")
    print(
        f"ocrmypdf needs {theirs / ours:.2f}x Pustaka's CPU per page "
        f"({n} pages; load average {load:.1f} → {os.getloadavg()[0]:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
