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
from PIL import Image, ImageChops

from workers.pipeline.context import PageContext
from workers.pipeline.image import page_dpi, save_intermediate

BLOCK_INCHES = 0.2  # local paper level per ≈ 5 mm block follows uneven lighting
NOISE_SIGMAS = 4.0  # a pixel this close to the paper level is paper
MIN_BAND = 8  # levels; also on very clean scans
MAX_BAND = 40  # never whiten light-grey print (shaded table cells, pencil)
# A block whose own background is darker than this is a tint, a dark band or a photo,
# not paper: whitening it would erase whatever lighter lettering sits on it (white-on-
# dark headings, labels on a map's tinted regions). It is left exactly as it is.
MIN_PAPER_LEVEL = 160
# On a colour page only near-neutral pixels are paper: a tint or light coloured print
# (yellow labels, pastel regions) spreads its channels by more than this.
MAX_PAPER_CHROMA = 24
_REDUCE = 4  # paper levels are estimated on a 4× reduced copy: 16× fewer values
# Which image Tesseract reads. Measured (CER against ground truth): on noisy scanner
# paper (σ 10–12 levels) the tidied page reads better (0.0 % against 0.55 %, table
# digits 100 % against 98 %): the specks are gone. On quiet paper tidying only takes
# away faint detail: a faded photocopy (σ ≈ 3) read 0.5 % untidied and 73 % tidied
# (its toner streaks became lines that split the text into columns), a dot-matrix
# printout (σ 0) 9.5 % against 12.9 %.
NOISY_PAPER_SIGMA = 6.0


def read_tidied(ctx: PageContext) -> bool:
    """Whether OCR should read the tidied page rather than the page before tidying."""
    sigma = ctx.facts.get("noise_sigma")
    return isinstance(sigma, float | int) and sigma >= NOISY_PAPER_SIGMA


def paper_level(grey: np.ndarray, dpi: int) -> np.ndarray:
    """Paper brightness per block of a ``_REDUCE``-times reduced copy (bright percentile)."""
    small = np.asarray(Image.fromarray(grey).reduce(_REDUCE))
    block = min(max(4, round(BLOCK_INCHES * dpi / _REDUCE)), *small.shape)
    rows, cols = small.shape[0] // block, small.shape[1] // block
    tiles = small[: rows * block, : cols * block].reshape(rows, block, cols, block)
    return np.percentile(tiles.transpose(0, 2, 1, 3).reshape(rows, cols, -1), 90, axis=2)


def _upsample(levels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Block levels (0–255) smoothly resized to ``size`` (width, height), as uint8."""
    grid = Image.fromarray(np.clip(np.rint(levels), 0, 255).astype(np.uint8), "L")
    return np.asarray(grid.resize(size, Image.Resampling.BILINEAR))


def whiten(grey: np.ndarray, dpi: int) -> tuple[np.ndarray, float]:
    """Mask of background pixels (True = set to white) and the measured noise sigma.

    All full-resolution work is on uint8 arrays (one resize, one comparison): the
    paper level and the noise are measured on the reduced copy.
    """
    levels = paper_level(grey, dpi)
    # Noise is measured on every 4th pixel (not on the averaged copy, which hides it).
    small = grey[::_REDUCE, ::_REDUCE].astype(np.int16)
    paper_small = _upsample(levels, (small.shape[1], small.shape[0])).astype(np.int16)
    diff = small - paper_small
    near = diff[(np.abs(diff) < MAX_BAND) & (paper_small >= MIN_PAPER_LEVEL)]
    sigma = 1.4826 * float(np.median(np.abs(near))) if near.size else 0.0
    band = min(MAX_BAND, max(MIN_BAND, NOISE_SIGMAS * sigma))
    # Tinted blocks get a threshold no pixel can reach (256 does not fit uint8: they
    # get 255, which only "whitens" pixels already white).
    low = np.where(levels >= MIN_PAPER_LEVEL, levels - band, 255.0)
    # Smooth at the reduced size, then blown up 4× by repetition: a threshold that is
    # constant over 4×4 pixels costs nothing in quality and ≈ 10× less than a
    # full-size bilinear resize.
    smooth = _upsample(low, (small.shape[1], small.shape[0]))
    threshold = Image.fromarray(smooth, "L").resize(
        (smooth.shape[1] * _REDUCE, smooth.shape[0] * _REDUCE), Image.Resampling.NEAREST
    )
    height, width = grey.shape
    return grey >= np.asarray(threshold)[:height, :width], sigma


def neutral(image: Image.Image) -> np.ndarray:
    """Pixels of an RGB image whose channels agree within MAX_PAPER_CHROMA (PIL's C loops)."""
    red, green, blue = image.split()
    brightest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    darkest = ImageChops.darker(ImageChops.darker(red, green), blue)
    return np.asarray(ImageChops.subtract(brightest, darkest)) <= MAX_PAPER_CHROMA


def tidy_background(input: Path, ctx: PageContext) -> Path:
    """Whiten the paper when the job asked for it; otherwise return ``input`` unchanged.

    Only near-paper pixels on light, neutral paper become white: tints, dark bands and
    coloured print keep their exact values. facts: ``tidied_share`` (share of pixels
    made white), ``noise_sigma``.
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
        if image.mode == "L":
            tidied = Image.fromarray(grey | (mask.view(np.uint8) * np.uint8(255)), "L")
        else:
            mask &= neutral(image)
            paper = Image.fromarray(mask.view(np.uint8) * np.uint8(255), "L")
            tidied = Image.composite(Image.new(image.mode, image.size, "white"), image, paper)
    ctx.facts.update(tidied_share=round(float(mask.mean()), 4), noise_sigma=round(sigma, 2))
    return save_intermediate(tidied, ctx.path("tidied.tif"), dpi)
