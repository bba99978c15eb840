"""Scanner-like degradations of a generated page: skew, quarter turns, sensor noise."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageFilter

from bench.corpus_types import GeneratedPage

TURNS = {
    90: Image.Transpose.ROTATE_90,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_270,
}


def degrade(
    page: GeneratedPage,
    *,
    skew_degrees: float = 0.0,
    rotate: int = 0,
    noise: float = 0.0,
    seed: int = 0,
) -> GeneratedPage:
    """The page as a scanner might deliver it; the ground truth is unchanged.

    ``skew_degrees`` turns the content counter-clockwise (negative: clockwise) with bicubic
    resampling and white fill, keeping the page size; ``noise`` (0-1, about 0.3 light,
    1.0 a poor scan) adds slight blur, uneven paper tone, grey ink, Gaussian sensor noise
    and salt-and-pepper specks; ``rotate`` (0/90/180/270) then turns the whole page
    counter-clockwise without resampling, so 90 and 270 swap width and height.
    """
    if rotate not in (0, *TURNS):
        raise ValueError(f"rotate must be 0, 90, 180 or 270, not {rotate}")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be within 0..1, not {noise}")
    image = page.image
    if skew_degrees:
        image = image.rotate(
            skew_degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255
        )
    if noise:
        image = add_noise(image, noise, seed, page.dpi)
    if rotate:
        image = image.transpose(TURNS[rotate])
    return replace(
        page,
        image=image,
        skew=page.skew + skew_degrees,
        rotation=(page.rotation + rotate) % 360,
        noise=max(page.noise, noise),
    )


def paper(shape: tuple[int, int], noise: float, rng: np.random.Generator) -> np.ndarray:
    """An uneven paper tone: a coarse random grid smoothly upscaled to the page."""
    base = 250.0 - 12.0 * noise
    grid = base - rng.uniform(0.0, 16.0 * noise, size=(4, 3)).astype(np.float32)
    coarse = Image.fromarray(grid)
    return np.asarray(coarse.resize((shape[1], shape[0]), Image.Resampling.BICUBIC))


def add_noise(image: Image.Image, noise: float, seed: int, dpi: int) -> Image.Image:
    """Blur, paper tone, grey ink, Gaussian noise and specks, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    blurred = image.filter(ImageFilter.GaussianBlur((0.4 + 0.6 * noise) * dpi / 300))
    ink = np.asarray(blurred, dtype=np.float32) / 255.0
    background = paper(ink.shape, noise, rng)
    darkest = 30.0 * noise
    pixels = darkest + ink * (background - darkest)
    pixels += rng.standard_normal(ink.shape, dtype=np.float32) * (3.0 + 10.0 * noise)
    flat = pixels.reshape(-1)
    specks = int(flat.size * 0.0004 * noise)
    flat[rng.integers(0, flat.size, specks)] = 0.0
    flat[rng.integers(0, flat.size, specks)] = 255.0
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
