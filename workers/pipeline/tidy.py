"""Optional: whiten near-white background noise so a grey page compresses well.

Paper grain and sensor noise are incompressible: a noisy 300 dpi A4 grey page needs
4–5.5 MB even losslessly, while the same page with the paper set to pure white needs
0.15–0.75 MB. Only pixels within the paper's own noise band of the local paper level
become white; everything darker (ink, stamps, shading, anti-aliased edges) keeps its
exact value, and the PDF still embeds the result losslessly. Off unless
``PageOptions.tidy_background``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.image import page_dpi, save_intermediate

BLOCK_INCHES = 0.2  # local paper level per ≈ 5 mm block follows uneven lighting
NOISE_SIGMAS = 4.0  # a pixel this close to the paper level is paper
MIN_BAND = 8  # levels; also on very clean scans
MAX_BAND = 40  # never whiten light-grey print (shaded table cells, pencil)


def paper_level(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Per-pixel paper brightness: a bright percentile per block, smoothly upsampled."""
    height, width = grey.shape
    step = 4  # estimate on a 4× reduced copy: 16× fewer values
    small = np.asarray(Image.fromarray(grey).reduce(step), dtype=np.float32)
    block = min(max(4, round(BLOCK_INCHES * dpi / step)), *small.shape)
    rows, cols = small.shape[0] // block, small.shape[1] // block
    tiles = small[: rows * block, : cols * block].reshape(rows, block, cols, block)
    levels = np.percentile(tiles.transpose(0, 2, 1, 3).reshape(rows, cols, -1), 90, axis=2)
    upsampled = Image.fromarray(levels.astype(np.float32), "F").resize(
        (width, height), Image.Resampling.BILINEAR
    )
    return np.asarray(upsampled)


def whiten(grey: np.ndarray, dpi: int) -> tuple[np.ndarray, float]:
    """Mask of background pixels (True = set to white) and the measured noise sigma."""
    paper = paper_level(grey, dpi)
    diff = grey[::4, ::4].astype(np.float32) - paper[::4, ::4]
    near = diff[np.abs(diff) < MAX_BAND]
    sigma = 1.4826 * float(np.median(np.abs(near))) if near.size else 0.0
    band = min(MAX_BAND, max(MIN_BAND, NOISE_SIGMAS * sigma))
    return grey >= paper - band, sigma


def tidy_background(input: Path, ctx: PageContext) -> Path:
    """Whiten the paper when the job asked for it; otherwise return ``input`` unchanged.

    facts: ``tidied_share`` (share of pixels made white), ``noise_sigma``.
    """
    if not ctx.options.tidy_background:
        return input
    dpi = page_dpi(ctx)
    with Image.open(input) as image:
        image.load()
        if image.mode == "1":
            return input  # already pure black and white
        grey = np.asarray(image.convert("L") if image.mode != "L" else image)
        mask, sigma = whiten(grey, dpi)
        pixels = np.array(image)
        pixels[mask] = 255
        tidied = Image.fromarray(pixels, image.mode)
    ctx.facts.update(tidied_share=round(float(mask.mean()), 4), noise_sigma=round(sigma, 2))
    return save_intermediate(tidied, ctx.path("tidied.png"), dpi)
