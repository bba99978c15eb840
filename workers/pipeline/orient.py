"""Turn pages scanned sideways or upside down upright (0/90/180/270 degrees).

Tesseract's orientation detection (OSD) runs on a copy reduced to ≈150 dpi: measured
on 300 dpi A4 pages (prose, tables, numbers only; all four orientations) it gives the
same answers as full resolution with confidences of 10–28 (full: 14–31) and takes
≈0.8 s instead of ≈1.3 s; at 120 dpi (0.4×) confidences collapse to ≈5 and at 100 dpi
(0.33×) it guesses wrong, so 150 dpi is the cheapest reliable scale.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.image import page_dpi, save_intermediate
from workers.pipeline.tools import tesseract

OSD_MIN_DPI = 150  # the reduced copy keeps at least this resolution
# Correct detections measured at 150 dpi had confidence ≥ 10 (a page of numbers only);
# the wrong answers seen at too-low resolutions stayed < 3. Upright is the safe default.
CONFIDENCE_THRESHOLD = 8.0
_TRANSPOSE = {  # clockwise degrees -> PIL transpose (PIL's ROTATE_n is counter-clockwise)
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


def osd_copy(image: Image.Image, dpi: int, out: Path) -> int:
    """Write a grey copy reduced by an integer factor to ≥ OSD_MIN_DPI; return its dpi."""
    factor = max(1, dpi // OSD_MIN_DPI)
    grey = image.convert("L") if image.mode != "L" else image
    small = grey.reduce(factor) if factor > 1 else grey
    small_dpi = round(dpi / factor)
    save_intermediate(small, out, small_dpi)
    return small_dpi


def orient(input: Path, ctx: PageContext) -> Path:
    """Rotate the page upright when OSD is confident; otherwise return ``input`` unchanged.

    facts: ``rotation`` (degrees turned clockwise, 0 when left as is) and
    ``orientation_confidence`` (None when the page has too little text for OSD).
    """
    dpi = page_dpi(ctx)
    with Image.open(input) as image:
        image.load()
        small_dpi = osd_copy(image, dpi, ctx.path("osd.png"))
        result = tesseract.osd(ctx.path("osd.png"), dpi=small_dpi)
        confidence = None if result is None else round(result.orientation_confidence, 2)
        confident = result is not None and result.orientation_confidence >= CONFIDENCE_THRESHOLD
        rotate = result.rotate if confident and result and result.rotate in _TRANSPOSE else 0
        ctx.facts.update(rotation=rotate, orientation_confidence=confidence)
        if rotate == 0:
            return input
        return save_intermediate(image.transpose(_TRANSPOSE[rotate]), ctx.path("oriented.png"), dpi)
