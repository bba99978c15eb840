"""deskew: skew measured to ±0.3° in both directions, and the page turned back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.deskew import deskew, ink_points, measure_skew

PAPER = 232  # the scanned page's paper level, used as fill when skewing it


def _skewed(page: Image.Image, degrees: float, fill: int = 255) -> Image.Image:
    """Turn ``page`` counter-clockwise by ``degrees`` like a crooked sheet in a scanner."""
    return page.rotate(degrees, Image.Resampling.BICUBIC, expand=True, fillcolor=fill)


@pytest.mark.parametrize("degrees", [1.0, 2.0, 3.0, 4.0, -1.0, -2.0, -3.0, -4.0, -2.7])
def test_skew_is_measured_in_both_directions(scanned_page: Image.Image, degrees: float) -> None:
    measured = measure_skew(*ink_points(_skewed(scanned_page, degrees, PAPER), 300))
    assert measured == pytest.approx(degrees, abs=0.3)


def test_a_straight_page_measures_zero(text_page: Image.Image) -> None:
    assert abs(measure_skew(*ink_points(text_page, 300))) < 0.1


def test_a_page_without_ink_measures_zero() -> None:
    assert measure_skew(*ink_points(Image.new("L", (2480, 3508), 255), 300)) == 0.0


@pytest.mark.parametrize("degrees", [2.5, -3.0])
def test_deskew_straightens_the_page(
    tmp_path: Path,
    text_page: Image.Image,
    make_ctx: Callable[..., PageContext],
    degrees: float,
) -> None:
    source = tmp_path / "skewed.png"
    skewed = _skewed(text_page, degrees)
    skewed.save(source, dpi=(300, 300))
    ctx = make_ctx(dpi=300)
    out = deskew(source, ctx)
    assert out != source
    assert ctx.facts["skew_degrees"] == pytest.approx(degrees, abs=0.3)
    with Image.open(out) as straight:
        straight.load()
        assert straight.mode == "L"
        assert straight.width > skewed.width  # expanded canvas: no corner is cut off
        assert abs(measure_skew(*ink_points(straight, 300))) < 0.3
        corners = np.asarray(straight)[[0, 0, -1, -1], [0, -1, 0, -1]]
        assert (corners == 255).all()  # white fill, not black wedges


def test_small_skew_leaves_the_page_alone(
    tmp_path: Path, text_page: Image.Image, make_ctx: Callable[..., PageContext]
) -> None:
    source = tmp_path / "straight.png"
    text_page.save(source, dpi=(300, 300))
    ctx = make_ctx(dpi=300)
    assert deskew(source, ctx) == source
    assert abs(float(ctx.facts["skew_degrees"])) < 0.1  # type: ignore[arg-type]


def test_bitonal_pages_stay_bitonal(
    tmp_path: Path, text_page: Image.Image, make_ctx: Callable[..., PageContext]
) -> None:
    source = tmp_path / "bw.png"
    _skewed(text_page, -2.0).convert("1").save(source, dpi=(300, 300))
    out = deskew(source, make_ctx(dpi=300))
    with Image.open(out) as straight:
        assert straight.mode == "1"
        assert abs(measure_skew(*ink_points(straight, 300))) < 0.3
