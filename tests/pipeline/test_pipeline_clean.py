"""clean: unpaper only when asked; it removes specks and keeps the text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from workers.pipeline.clean import clean
from workers.pipeline.context import PageContext

MakeCtx = Callable[..., PageContext]


def test_without_the_option_the_input_is_returned(
    tmp_path: Path, make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no unpaper reachable: must not be needed
    source = tmp_path / "page.png"
    Image.new("L", (600, 600), 255).save(source)
    ctx = make_ctx(dpi=300)
    assert clean(source, ctx) == source
    assert ctx.facts["cleaned"] is False


@pytest.mark.integration
def test_unpaper_removes_specks_and_keeps_text(
    tmp_path: Path, text_page: Image.Image, make_ctx: MakeCtx
) -> None:
    pixels = np.array(text_page)
    rng = np.random.default_rng(1)
    ys, xs = rng.integers(1500, 3300, 300), rng.integers(100, 2300, 300)  # below the text
    pixels[ys, xs] = 0
    source = tmp_path / "specks.png"
    Image.fromarray(pixels).save(source, dpi=(300, 300), compress_level=1)
    ctx = make_ctx(dpi=300, clean=True)
    out = clean(source, ctx)
    assert out != source
    assert ctx.facts["cleaned"] is True
    with Image.open(out) as cleaned:
        assert (cleaned.mode, cleaned.size) == ("L", text_page.size)
        after = np.asarray(cleaned)
    assert (after[ys, xs] < 128).sum() == 0  # every speck gone
    text = (slice(250, 1100), slice(200, 2300))
    assert np.array_equal(after[text], pixels[text])  # text untouched
    assert sorted(p.name for p in out.parent.iterdir()) == ["cleaned.tif"]  # scratch removed
