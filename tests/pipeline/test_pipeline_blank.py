"""detect_blank: noise, dust and scanner edges are blank; one short line is not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from workers.pipeline.blank import BLANK_RATIO, detect_blank
from workers.pipeline.context import PageContext

MakeCtx = Callable[..., PageContext]
Renderer = Callable[..., Image.Image]


def _noisy_blank(seed: int = 3) -> Image.Image:
    """An empty sheet as scanners deliver it: grey noisy paper, dust, dark scan edges."""
    rng = np.random.default_rng(seed)
    paper = rng.normal(228, 8, (3508, 2480))
    ys, xs = rng.integers(0, 3508, 400), rng.integers(0, 2480, 400)
    paper[ys, xs] = 40  # single-pixel dust
    for y, x in zip(rng.integers(100, 3400, 25), rng.integers(100, 2400, 25), strict=True):
        paper[y : y + 2, x : x + 2] = 50  # small specks
    paper[:, :70] = 30  # shadow of the sheet's edge
    paper[:45, :] = 40
    return Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8), "L")


def _detect(image: Image.Image, path: Path, ctx: PageContext) -> Path:
    image.save(path, dpi=(300, 300), compress_level=1)
    return detect_blank(path, ctx)


def test_noisy_empty_sheet_is_blank(tmp_path: Path, make_ctx: MakeCtx) -> None:
    ctx = make_ctx(dpi=300)
    source = tmp_path / "blank.png"
    assert _detect(_noisy_blank(), source, ctx) == source  # flag only, same file
    assert ctx.facts["blank"] is True
    assert float(ctx.facts["ink_ratio"]) < BLANK_RATIO / 2  # type: ignore[arg-type]


def test_pure_white_and_pure_bitonal_sheets_are_blank(tmp_path: Path, make_ctx: MakeCtx) -> None:
    for mode in ("L", "1"):
        ctx = make_ctx(dpi=300)
        _detect(Image.new(mode, (2480, 3508), 255), tmp_path / f"white-{mode}.png", ctx)
        assert ctx.facts == {"dpi": 300, "blank": True, "ink_ratio": 0.0}


@pytest.mark.parametrize("line", ["Halaman ini sengaja dikosongkan", "Catatan"])
def test_one_short_line_is_not_blank(
    tmp_path: Path, make_ctx: MakeCtx, render: Renderer, line: str
) -> None:
    page = render(title=None, prose=[line], table=[], noise=8.0)
    ctx = make_ctx(dpi=300)
    _detect(page, tmp_path / "line.png", ctx)
    assert ctx.facts["blank"] is False


def test_a_text_page_is_not_blank(
    tmp_path: Path, scanned_page: Image.Image, make_ctx: MakeCtx
) -> None:
    ctx = make_ctx(dpi=300)
    _detect(scanned_page, tmp_path / "text.png", ctx)
    assert ctx.facts["blank"] is False
    assert float(ctx.facts["ink_ratio"]) > 100 * BLANK_RATIO  # type: ignore[arg-type]
