"""Process one scanned page image into a searchable one-page PDF: the table of contents.

load → reduce very fine scans to 300–450 dpi → flatten a photographed sheet → orient
(sideways?) → deskew → flip if
upside down → clean → tidy background (read by OCR on noisy paper) → detect blank → OCR
(→ if read poorly: orient with OSD → OCR again) → page PDF. Each step reads a file and
returns a file (its input when it had nothing to do); blank pages are only flagged,
still OCR'd and kept. Seconds per step go to ``facts["timings"]``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workers.pipeline.blank import detect_blank
from workers.pipeline.clean import clean
from workers.pipeline.context import PageContext
from workers.pipeline.deskew import deskew
from workers.pipeline.image import load_page_image
from workers.pipeline.ocr import ocr
from workers.pipeline.orient import (
    flip_if_upside_down,
    needs_second_look,
    orient,
    orient_by_osd,
)
from workers.pipeline.page_pdf import make_page_pdf
from workers.pipeline.perspective import flatten_perspective
from workers.pipeline.resolution import normalise_resolution
from workers.pipeline.tidy import read_tidied, tidy_background

Step = Callable[[Path, PageContext], Path]


@dataclass(frozen=True)
class PageResult:
    """A finished page: its PDF, Tesseract's text and hOCR, and what the steps learned."""

    pdf: Path
    text: str
    hocr: Path
    txt: Path
    facts: dict[str, object]


def process_image_page(input: Path, ctx: PageContext) -> PageResult:
    """Run every step of an image page in order and return the page's result."""
    step = _Stepper(ctx)
    image = step(load_page_image, input)
    image = step(normalise_resolution, image)
    image = step(flatten_perspective, image)
    image = step(orient, image)
    image = step(deskew, image)
    image = step(flip_if_upside_down, image)
    read = step(clean, image)
    # Tidying makes the stored page smaller; Tesseract reads the tidied page only when
    # the paper was noisy (specks gone), else the page as it was (faint strokes kept).
    stored = step(tidy_background, read)
    read = stored if read_tidied(ctx) else read
    step(detect_blank, read)
    text_pdf = step(ocr, read)
    if needs_second_look(ctx):  # read poorly: wrongly turned? ask OSD and read again
        ctx.facts["second_look"] = True
        turned = step(orient_by_osd, read)
        if turned != read:
            text_pdf = step(ocr, turned)
            stored = turned if read_tidied(ctx) else step(tidy_background, turned)
            read = turned
    with step.timer("make_page_pdf"):
        pdf = make_page_pdf(stored, text_pdf, ctx)
    txt = Path(str(ctx.facts["text_path"]))
    return PageResult(
        pdf=pdf,
        text=txt.read_text(encoding="utf-8", errors="replace"),
        hocr=Path(str(ctx.facts["hocr_path"])),
        txt=txt,
        facts=ctx.facts,
    )


class _Stepper:
    """Runs steps on one page context and records their wall-clock seconds."""

    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx
        self.timings: dict[str, float] = {}
        ctx.facts["timings"] = self.timings

    def __call__(self, step: Step, path: Path) -> Path:
        with self.timer(step.__name__):
            return step(path, self.ctx)

    @contextmanager
    def timer(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - started
            self.timings[name] = round(self.timings.get(name, 0.0) + spent, 3)
