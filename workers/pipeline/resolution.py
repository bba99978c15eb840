"""Bring very fine scans down to the resolution Tesseract reads best, before anything else.

Tesseract's models are trained on text of ≈ 20–40 px x-height (≈ 300 dpi for body
text); at 1200–2400 dpi every glyph is hundreds of pixels tall and it reads less, more
slowly (the benchmark's 2400 dpi card: half the words; ocrmypdf does the same). A page
of ``MIN_REDUCE_DPI`` or more is reduced by the whole factor ``dpi // TARGET_DPI``, to
300–450 dpi, averaging each block of pixels (a bitonal scan becomes grey with its edges
anti-aliased: better for OCR than thresholded pixels). Every later step, Tesseract
included, and the stored page image then work on 4–64× fewer pixels: an A3 page at 600
dpi in colour (70 MP, 210 MB decoded) is read as the 17 MP page it is at 300 dpi. The
original file is kept as it is.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.image import page_dpi, save_intermediate

MIN_REDUCE_DPI = 600
TARGET_DPI = 300


def reduction_factor(dpi: int) -> int:
    """1 below MIN_REDUCE_DPI, else ``dpi // TARGET_DPI`` (the result stays ≥ TARGET_DPI)."""
    return 1 if dpi < MIN_REDUCE_DPI else dpi // TARGET_DPI


def normalise_resolution(input: Path, ctx: PageContext) -> Path:
    """Reduce a page of MIN_REDUCE_DPI or more; otherwise return ``input`` unchanged.

    facts: ``dpi`` becomes the reduced resolution; ``scanned_dpi`` keeps the original.
    """
    dpi = page_dpi(ctx)
    factor = reduction_factor(dpi)
    if factor == 1:
        return input
    with Image.open(input) as image:
        image.load()
        source = image.convert("L") if image.mode == "1" else image
        reduced = source.reduce(factor)
    new_dpi = round(dpi / factor)
    ctx.facts.update(
        scanned_dpi=dpi, dpi=new_dpi, width=reduced.width, height=reduced.height, mode=reduced.mode
    )
    return save_intermediate(reduced, ctx.path("reduced.tif"), new_dpi)
