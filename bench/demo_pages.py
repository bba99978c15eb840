"""Page files for ``pustaka demo``'s softcopies, drawn by the benchmark corpus.

The product never imports ``bench`` (an import-linter contract keeps it so): the demo
names this function by the ``PUSTAKA_DEMO_PAGE_WRITER`` setting and says why it made no
softcopies where ``bench`` is not installed (the production image).
"""

from __future__ import annotations

import logging
from pathlib import Path

from bench.corpus import KINDS, make_page, write_png
from bench.corpus_files import born_digital_pdf

PAGE_DPI = 200  # enough for OCR of 10-pt text, and a quarter of 300 dpi's pixels


def write_pages(folder: Path, *, seed: int, count: int, born_digital: bool) -> list[Path]:
    """The files of one softcopy: page images (scanned) or one text PDF (born digital)."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf2's font subsetting chatter
    folder.mkdir(parents=True, exist_ok=True)
    pages = [
        make_page(seed * 100 + n, kind=KINDS[(seed + n) % len(KINDS)], dpi=PAGE_DPI)
        for n in range(count)
    ]
    if born_digital:
        return [born_digital_pdf([page.text for page in pages], folder / "publikasi.pdf")]
    return [write_png(page, folder / f"halaman-{n:03d}.png") for n, page in enumerate(pages, 1)]
