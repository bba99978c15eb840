"""Flag blank pages (never drop them): scanners feed separator and empty back sides.

Ink is what is much darker than the paper, measured away from the edges where scanner
borders and shadows sit; isolated specks of noise or dust are ignored by counting ink
in small blocks, so one short line of text still makes a page non-blank.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.image import page_dpi

MARGIN = 0.05  # share of each side ignored
MIN_CONTRAST = 60  # ink is at least this many levels darker than the paper ...
NOISE_SIGMAS = 6.0  # ... and well outside the paper's own noise
BLOCK_INCHES = 4 / 300  # 4×4 px blocks at 300 dpi: a stroke fills many, a speck few
BLOCK_FILL = 0.25  # a block counts as ink when this share of it is ink
BLANK_RATIO = 0.0001  # pages with less inked area than this are blank


def ink_ratio(image: Image.Image, dpi: int) -> float:
    """Share of the page's inner area covered by blocks of ink (0.0–1.0)."""
    grey = np.asarray(image.convert("L") if image.mode != "L" else image)
    height, width = grey.shape
    top, left = int(height * MARGIN), int(width * MARGIN)
    core = grey[top : height - top, left : width - left]
    sample = core[::4, ::4].astype(np.float64)
    paper = float(np.percentile(sample, 75))
    sigma = 1.4826 * float(np.median(np.abs(sample[sample > paper - 2 * MIN_CONTRAST] - paper)))
    threshold = paper - max(MIN_CONTRAST, NOISE_SIGMAS * sigma)
    block = max(2, round(BLOCK_INCHES * dpi))
    if min(core.shape) < block:
        return 0.0
    # Ink mask (255 = ink) averaged over blocks, all in PIL's C loops: ≈ 0.1 s per A4 page.
    lut = [255 if level < threshold else 0 for level in range(256)]
    share = np.asarray(Image.fromarray(core).point(lut).reduce(block))
    filled = share >= BLOCK_FILL * 255
    return float(filled.mean())


def detect_blank(input: Path, ctx: PageContext) -> Path:
    """Record ``blank`` and ``ink_ratio`` in the facts; return ``input`` unchanged."""
    with Image.open(input) as image:
        ratio = ink_ratio(image, page_dpi(ctx))
    ctx.facts.update(blank=ratio < BLANK_RATIO, ink_ratio=round(ratio, 6))
    return input
