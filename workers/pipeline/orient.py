"""Turn pages scanned sideways or upside down upright (0/90/180/270 degrees).

Tesseract's OSD costs ≈1 s a page, a quarter of the page's time, though nearly every
page is upright. So OSD runs only when the page's own shape leaves doubt:

- before deskew, a ≈5 ms line-direction test: text lines running vertically (sideways)
  → turn by 90° or 270°, whichever makes the letters stand upright; no clear answer →
  OSD;
- after deskew, a ≈7 ms ascender test: Latin letters and digits rise above the x-height
  far more than they descend below it, so an upside-down page shows the reverse → turn
  it 180°; unclear → OSD;
- and a page OCR still reads with low confidence gets a second look with OSD.

Tesseract's orientation detection (OSD) runs on a copy reduced to ≈150 dpi: measured
on 300 dpi A4 pages (prose, tables, numbers only; all four orientations) it gives the
same answers as full resolution with confidences of 10–28 (full: 14–31) and takes
≈0.8 s instead of ≈1.3 s; at 120 dpi (0.4×) confidences collapse to ≈5 and at 100 dpi
(0.33×) it guesses wrong, so 150 dpi is the cheapest reliable scale.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
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


# Upright text leaves blank pixel rows between lines and few blank columns; measured on
# the benchmark pages (prose, tables, skewed up to 4°, noisy) upright pages had ≥ 0.04
# blank-row share and ≤ 0.02 blank-column share, and sideways pages the reverse.
LINES_MARGIN = 0.02
# OCR confidence of upright pages measured 95–96; upside-down and sideways 44–53.
UPRIGHT_CONFIDENCE = 75.0
MIN_WORDS_TO_JUDGE = 15


def blank_line_shares(image: Image.Image) -> tuple[float, float]:
    """Share of blank rows and of blank columns inside the inked area (at ≈75 dpi)."""
    grey = image.convert("L") if image.mode != "L" else image
    ink = np.asarray(grey.reduce(4) if min(grey.size) > 800 else grey) < 128
    return _blank_share(ink.sum(axis=1), ink.shape[1]), _blank_share(ink.sum(axis=0), ink.shape[0])


def _blank_share(profile: np.ndarray, length: int) -> float:
    inked = np.nonzero(profile > 0)[0]
    if inked.size == 0:
        return 0.0
    span = profile[inked[0] : inked[-1] + 1]
    return float((span <= max(1, 0.002 * length)).mean())


def orient(input: Path, ctx: PageContext) -> Path:
    """Turn a sideways page upright; leave horizontal pages as they are; OSD when unclear.

    facts: ``rotation`` (degrees turned clockwise, 0 when left as is),
    ``orientation_confidence`` (None when OSD did not run or found too little text) and
    ``orientation_method`` ("lines" or "osd").
    """
    with Image.open(input) as image:
        image.load()
        rows, columns = blank_line_shares(image)
        if rows > 2 * columns + LINES_MARGIN:
            ctx.facts.update(rotation=0, orientation_confidence=None, orientation_method="lines")
            return input
        if columns > 2 * rows + LINES_MARGIN and columns >= SIDEWAYS_BLANK_COLUMNS:
            turned = _turn_sideways(image, ctx)
            if turned is not None:
                return turned
    return orient_by_osd(input, ctx)


# Sideways benchmark pages had 0.44–0.62 blank columns. A photographed page whose spine
# shadow darkens every row had 0.08 (and no blank row): that is no sign of sideways text.
SIDEWAYS_BLANK_COLUMNS = 0.2
# Upright pages measured 2.4–7.7; far beyond, the "lines" are a shadow or a band, not text.
MAX_PLAUSIBLE_ASCENDER_RATIO = 20.0


def _turn_sideways(image: Image.Image, ctx: PageContext) -> Path | None:
    """Turn a page whose lines run vertically by 90° or 270°, whichever makes its letters
    clearly stand upright; None when neither does (then OSD decides).

    OSD took ≈ 0.55 s of CPU per sideways page (a third of its OCR time) to answer what
    the lines' direction and the letters' shape tell in ≈ 20 ms; the ascender test after
    deskew has the last word.
    """
    for rotation in (90, 270):
        turned = image.transpose(_TRANSPOSE[rotation])
        ratio = ascender_ratio(turned)
        if UPRIGHT_ASCENDER_RATIO <= ratio <= MAX_PLAUSIBLE_ASCENDER_RATIO:
            ctx.facts.update(
                rotation=rotation, orientation_confidence=None, orientation_method="lines"
            )
            return save_intermediate(turned, ctx.path("oriented.tif"), page_dpi(ctx))
    return None


# Ink above the x-height band over ink below it, summed over text lines: measured
# 2.4–7.7 on upright benchmark pages (prose, tables, noisy) and 0.13–0.42 upside down.
UPRIGHT_ASCENDER_RATIO = 1.5
UPSIDE_DOWN_ASCENDER_RATIO = 0.67


def ascender_ratio(image: Image.Image) -> float:
    """Ink above each text line's x-height band divided by ink below it (≈150 dpi)."""
    grey = image.convert("L") if image.mode != "L" else image
    rows = (np.asarray(grey.reduce(2) if min(grey.size) > 1600 else grey) < 128).sum(axis=1)
    inked = (rows > max(1, 0.002 * grey.size[0] / 2)).astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], inked, [0]])))
    above = below = 0
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        band = rows[start:end]
        if end - start < 4:
            continue
        core = np.flatnonzero(band >= 0.5 * band.max())
        above += int(band[: core[0]].sum())
        below += int(band[core[-1] + 1 :].sum())
    return (above + 1) / (below + 1)


def flip_if_upside_down(input: Path, ctx: PageContext) -> Path:
    """After deskew: turn an upside-down page 180°; ask OSD when the shape is unclear."""
    if ctx.facts.get("orientation_method") != "lines":
        return input  # OSD already decided this page
    with Image.open(input) as image:
        image.load()
        ratio = ascender_ratio(image)
        ctx.facts["ascender_ratio"] = round(ratio, 2)
        if ratio >= UPRIGHT_ASCENDER_RATIO:
            return input
        if ratio > UPSIDE_DOWN_ASCENDER_RATIO:
            return orient_by_osd(input, ctx)
        ctx.facts["rotation"] = (_turned_so_far(ctx) + 180) % 360
        turned = image.transpose(_TRANSPOSE[180])
        return save_intermediate(turned, ctx.path("flipped.tif"), page_dpi(ctx))


def _turned_so_far(ctx: PageContext) -> int:
    """Degrees the line and ascender tests already turned this page (0 before them)."""
    rotation = ctx.facts.get("rotation")
    lines = ctx.facts.get("orientation_method") == "lines"
    return rotation if lines and isinstance(rotation, int) else 0


def needs_second_look(ctx: PageContext) -> bool:
    """OCR read a horizontal-looking page poorly: it may be upside down."""
    confidence = ctx.facts.get("ocr_confidence")
    words = ctx.facts.get("ocr_words", 0)
    return (
        ctx.facts.get("orientation_method") == "lines"
        and not ctx.facts.get("second_look")
        and isinstance(confidence, float)
        and isinstance(words, int)
        and words >= MIN_WORDS_TO_JUDGE
        and confidence < UPRIGHT_CONFIDENCE
    )


def orient_by_osd(input: Path, ctx: PageContext) -> Path:
    """Rotate the page upright when OSD is confident; otherwise return ``input`` unchanged.

    OSD judges the page as it is now; ``rotation`` adds what the line and ascender tests
    had already turned.
    """
    dpi = page_dpi(ctx)
    before = _turned_so_far(ctx)
    with Image.open(input) as image:
        image.load()
        small_dpi = osd_copy(image, dpi, ctx.path("osd.tif"))
        result = tesseract.osd(ctx.path("osd.tif"), dpi=small_dpi)
        confidence = None if result is None else round(result.orientation_confidence, 2)
        confident = result is not None and result.orientation_confidence >= CONFIDENCE_THRESHOLD
        rotate = result.rotate if confident and result and result.rotate in _TRANSPOSE else 0
        ctx.facts.update(
            rotation=(before + rotate) % 360,
            orientation_confidence=confidence,
            orientation_method="osd",
        )
        if rotate == 0:
            return input
        return save_intermediate(image.transpose(_TRANSPOSE[rotate]), ctx.path("oriented.tif"), dpi)
