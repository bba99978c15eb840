"""Flatten a photographed page: find the sheet on the desk and map it to a rectangle.

A phone photo of a page shows the sheet as a trapezoid on a desk: its text lines run at
different angles from top to bottom, which no single deskew angle straightens, and the
desk's edges read as words. On the real-world corpus's phone photo Tesseract read 94.8 %
of the page's words through the text layer (its lines tilted both ways); ocrmypdf 84.7 %.

The sheet is found on a copy ≈ 400 px high: paper is bright or, in a shadow, at least
half as bright and nearly colourless (a wooden desk is as dark as a spine shadow but
saturated). Each side of the sheet is a straight line fitted to where the paper starts
and ends along rows and columns; the four lines' crossings are the corners. Only a sheet
with desk showing on all four sides is flattened; a scan (it records its resolution)
is not even opened, and a page whose paper reaches the frame is returned unchanged.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.deskew import otsu_threshold
from workers.pipeline.image import has_real_colour, page_dpi, save_intermediate

WORK_HEIGHT = 400  # px of the measuring copy
SHADOW_SHARE = 0.5  # shadowed paper: at least this share of the paper threshold ...
MAX_SATURATION = 0.3  # ... and nearly colourless ((max - min) / max of its channels)
MIN_MARGIN = 0.01  # desk must show beyond every side by this share of the frame
MIN_AREA = 0.3  # the sheet covers at least this share of the photo
MAX_RESIDUAL = 0.01  # a side's points lie this close to its line (share of the frame)
CAMERA_MAX_DPI = 96  # cameras write no resolution or 72-96 dpi; scanners 150 and up
CORE = (0.2, 0.8)  # a side is fitted on its middle: its ends belong to the corners


def paper_mask(small: Image.Image) -> np.ndarray:
    """Paper pixels of a small RGB copy: bright, or shadowed but colourless."""
    rgb = np.asarray(small, dtype=np.float32)
    value = rgb.max(axis=2)
    saturation = (value - rgb.min(axis=2)) / np.maximum(value, 1.0)
    hist = np.histogram(value, bins=256, range=(0, 256))[0].astype(np.float64)
    threshold = otsu_threshold(hist)
    # Dark text inside the sheet does not matter: only where paper starts and ends does.
    return (value >= threshold) | (
        (value >= SHADOW_SHARE * threshold) & (saturation < MAX_SATURATION)
    )


def _extent(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: first and last paper column; and which rows hold paper at all."""
    has = np.asarray(mask.any(axis=1))
    first = np.argmax(mask, axis=1)
    last = mask.shape[1] - 1 - np.argmax(mask[:, ::-1], axis=1)
    return first, last, has


def _fit(along: np.ndarray, across: np.ndarray, size: int) -> tuple[float, float] | None:
    """Line ``across = a·along + b`` through the middle of a side; None when not straight."""
    if along.size < 10:
        return None
    lo, hi = np.quantile(along, CORE)
    core = (along >= lo) & (along <= hi)
    along, across = along[core], across[core]
    a, b = np.polyfit(along, across, 1)
    near = np.abs(across - (a * along + b)) <= 3 * MAX_RESIDUAL * size  # specks, tabs
    if near.sum() < 10:
        return None
    a, b = np.polyfit(along[near], across[near], 1)
    residual = np.median(np.abs(across - (a * along + b)))
    return (float(a), float(b)) if residual <= MAX_RESIDUAL * size else None


def sheet_corners(mask: np.ndarray) -> list[tuple[float, float]] | None:
    """Corners (top-left, top-right, bottom-right, bottom-left) of the sheet in ``mask``
    coordinates; None unless desk shows beyond all four straight sides."""
    height, width = mask.shape
    frame = np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]])
    if frame.mean() > 0.5:  # paper to the edges: a scan, nothing to find
        return None
    rows = np.arange(height, dtype=np.float64)
    cols = np.arange(width, dtype=np.float64)
    first, last, has = _extent(mask)
    top, bottom, has_col = _extent(mask.T)
    left = _fit(rows[has], first[has].astype(np.float64), width)  # x = a·y + b
    right = _fit(rows[has], last[has].astype(np.float64), width)
    upper = _fit(cols[has_col], top[has_col].astype(np.float64), height)  # y = a·x + b
    lower = _fit(cols[has_col], bottom[has_col].astype(np.float64), height)
    if left is None or right is None or upper is None or lower is None:
        return None
    corners = [
        _cross(left, upper),
        _cross(right, upper),
        _cross(right, lower),
        _cross(left, lower),
    ]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    inside = min(xs) >= -1 and max(xs) <= width and min(ys) >= -1 and max(ys) <= height
    margins = (
        min(xs[0], xs[3]) / width,
        1 - max(xs[1], xs[2]) / width,
        min(ys[0], ys[1]) / height,
        1 - max(ys[2], ys[3]) / height,
    )
    area = 0.5 * abs(np.dot(xs, np.roll(ys, 1)) - np.dot(ys, np.roll(xs, 1)))
    if not inside or min(margins) < MIN_MARGIN or area < MIN_AREA * width * height:
        return None
    return corners


def _cross(vertical: tuple[float, float], horizontal: tuple[float, float]) -> tuple[float, float]:
    """Where ``x = a·y + b`` meets ``y = c·x + d``."""
    a, b = vertical
    c, d = horizontal
    y = (c * b + d) / (1 - a * c)
    return a * y + b, y


def _coefficients(corners: list[tuple[float, float]], size: tuple[int, int]) -> list[float]:
    """PIL PERSPECTIVE coefficients taking each output pixel back to the photo."""
    width, height = size
    target = [(0, 0), (width, 0), (width, height), (0, height)]
    rows, rhs = [], []
    for (x, y), (u, v) in zip(corners, target, strict=True):
        rows.append([u, v, 1, 0, 0, 0, -x * u, -x * v])
        rows.append([0, 0, 0, u, v, 1, -y * u, -y * v])
        rhs += [x, y]
    return [float(c) for c in np.linalg.solve(np.array(rows, dtype=np.float64), rhs)]


def flatten_perspective(input: Path, ctx: PageContext) -> Path:
    """Map a photographed sheet to an upright rectangle; else return ``input`` unchanged.

    Only a page without a scanner's resolution is looked at: a scanner records 150–1200
    dpi, a camera none or 72–96. facts: ``sheet_corners`` (photo pixels, when flattened).
    """
    if ctx.facts.get("dpi_from_file") and page_dpi(ctx) > CAMERA_MAX_DPI:
        return input
    with Image.open(input) as image:
        image.load()
        factor = max(1, image.height // WORK_HEIGHT)
        source = image.convert("L") if image.mode == "1" else image
        corners = sheet_corners(paper_mask(source.reduce(factor).convert("RGB")))
        if corners is None:
            return input
        full = [(x * factor, y * factor) for x, y in corners]
        (tl, tr, br, bl) = (np.array(c) for c in full)
        width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
        height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
        flat = source.transform(
            (width, height),
            Image.Transform.PERSPECTIVE,
            _coefficients(full, (width, height)),
            Image.Resampling.BICUBIC,
        )
    if flat.mode == "RGB" and not has_real_colour(flat):  # the desk was the colour
        flat = flat.convert("L")
    ctx.facts.update(
        sheet_corners=[[round(x), round(y)] for x, y in full],
        width=width,
        height=height,
        mode=flat.mode,
    )
    return save_intermediate(flat, ctx.path("flattened.tif"), page_dpi(ctx))
