"""How real pages go wrong: typewriters, dot-matrix printers, photocopiers, phone cameras.

Each function returns a new ``Sheet`` with the same ground truth, reproducible from a
seed (numpy's PCG64).
"""

from __future__ import annotations

import textwrap

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from bench.corpus_layout import font, wrap
from bench.realworld_draw import MONO, Sheet, prose


def typewritten(seed: int = 21, dpi: int = 300) -> Sheet:
    """Monospaced type with uneven strike force, a wandering baseline and ribbon grain."""
    rng = np.random.default_rng(seed)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    face = font(MONO, round(11 * dpi / 72))
    advance = face.getlength("M")
    left, y = dpi * 1.0, dpi * 1.0
    lines = wrap(prose(seed) + " " + prose(seed + 1), face, width - 2 * left)
    kept: list[str] = []
    for line in lines[:42]:
        for i, char in enumerate(line):
            ink = int(rng.uniform(0, 90))
            jitter = rng.normal(0, dpi / 400)
            draw.text((left + i * advance, y + jitter), char, font=face, fill=ink)
        kept.append(line)
        y += dpi * 11 / 72 * 1.9  # double spacing, as typed documents were
    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(dpi / 300)), dtype=np.float32)
    grain = rng.uniform(0, 1, pixels.shape) < 0.12
    pixels = np.where((pixels < 200) & grain, pixels + 90, pixels)
    paper = 245 - rng.normal(0, 2.5, pixels.shape)
    out = np.minimum(pixels, paper)
    return Sheet(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)), "\n".join(kept), dpi)


def dot_matrix(seed: int = 22, dpi: int = 300) -> Sheet:
    """A 9-pin printout: each glyph a grid of round dots, a worn ribbon, tractor paper."""
    rng = np.random.default_rng(seed)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    cell = round(dpi / 72 * 1.45)  # one pin pitch (≈ 0.5 mm)
    text_lines = textwrap.wrap(prose(seed), 46)[:30]
    # Render the text small with one pixel per pin, then stamp a dot per inked pixel.
    face = font(MONO, 11)
    char_w = round(face.getlength("M"))
    grid = Image.new("L", (char_w * 48 + 4, 16 * len(text_lines) + 4), 255)
    gdraw = ImageDraw.Draw(grid)
    for row, line in enumerate(text_lines):
        gdraw.text((2, 2 + row * 16), line, font=face, fill=0)
    pins = np.asarray(grid) < 110
    image = Image.new("L", (width, height), 252)
    draw = ImageDraw.Draw(image)
    x0, y0 = dpi * 0.7, dpi * 0.8
    radius = cell * 0.55
    for r, c in zip(*np.nonzero(pins), strict=True):
        shade = int(rng.uniform(20, 110))
        cx, cy = x0 + c * cell, y0 + r * cell * 1.15
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=shade)
    for y in range(round(dpi * 0.4), height, round(dpi * 0.5)):  # tractor-feed holes
        for x in (dpi * 0.2, width - dpi * 0.2):
            draw.ellipse((x - 20, y - 20, x + 20, y + 20), outline=160, width=3)
    return Sheet(image.filter(ImageFilter.GaussianBlur(dpi / 400)), "\n".join(text_lines), dpi)


def faded_copy(sheet: Sheet, seed: int = 23) -> Sheet:
    """A faded photocopy: grey ink (125–160) on a grey toner haze (226), streaks, specks,
    8 % of the ink missing. (A copy so faded that neither tool reads a third of it says
    nothing about either; this one is hard but legible.)"""
    rng = np.random.default_rng(seed)
    grey = np.asarray(sheet.image.convert("L"), dtype=np.float32) / 255.0
    width = grey.shape[1]
    haze = 226 + rng.normal(0, 5, grey.shape)
    ink = 125 + 35 * rng.uniform(0, 1, grey.shape)
    broken = rng.uniform(0, 1, grey.shape) < 0.08
    pixels = np.where(broken, haze, ink + grey * (haze - ink))
    streak_x = rng.integers(0, width, 6)
    for x in streak_x:
        pixels[:, x : x + 4] -= 25
    specks = rng.integers(0, pixels.size, pixels.size // 2000)
    pixels.reshape(-1)[specks] = 90
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return Sheet(image.filter(ImageFilter.GaussianBlur(0.8)), sheet.text, sheet.dpi)


def phone_photo(sheet: Sheet, seed: int = 24) -> Sheet:
    """The page photographed from above at an angle: perspective, uneven light, a spine
    shadow on the left, a wooden desk around it, warm white balance, no dpi."""
    rng = np.random.default_rng(seed)
    page = sheet.image.convert("RGB")
    out_w, out_h = 3000, 4000
    desk = Image.new("RGB", (out_w, out_h), (92, 64, 40))
    # Where the page's corners land in the photo (tl, tr, br, bl), a trapezoid.
    corners: list[tuple[float, float]] = [(260, 300), (2760, 200), (2860, 3820), (180, 3700)]
    coeffs = _perspective(corners, page.size)
    warped = page.transform(
        (out_w, out_h),
        Image.Transform.PERSPECTIVE,
        coeffs,
        Image.Resampling.BICUBIC,
        fillcolor=(0, 0, 0),
    )
    mask = Image.new("L", page.size, 255).transform(
        (out_w, out_h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR
    )
    desk.paste(warped, (0, 0), mask)
    pixels = np.asarray(desk, dtype=np.float32)
    ys, xs = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    light = 0.72 + 0.28 * np.exp(-(((xs - 2200) / 2600) ** 2 + ((ys - 900) / 3200) ** 2))
    spine = 1.0 - 0.45 * np.exp(-(((xs - 180) / 260) ** 2))
    tint = np.array([1.0, 0.96, 0.86], dtype=np.float32)
    pixels = pixels * (light * spine)[..., None] * tint
    pixels += rng.normal(0, 3.0, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return Sheet(image.filter(ImageFilter.GaussianBlur(1.1)), sheet.text, 0)


def _perspective(corners: list[tuple[float, float]], size: tuple[int, int]) -> list[float]:
    """PIL PERSPECTIVE coefficients mapping output pixels back into the source page."""
    w, h = size
    source = [(0, 0), (w, 0), (w, h), (0, h)]
    rows = []
    for (x, y), (u, v) in zip(corners, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    rhs = np.array([c for uv in source for c in uv], dtype=np.float64)
    return list(np.linalg.solve(np.array(rows, dtype=np.float64), rhs))
