"""A photographed page is found on the desk and flattened; scans are left alone.

The corpus's phone photo (perspective, uneven light, spine shadow, a desk around the
sheet) read 95 % of its words through the page PDF's text layer before: its lines
tilted one way at the top and the other at the bottom, which no deskew angle undoes.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bench.corpus import make_page
from bench.realworld import share, words
from bench.realworld_degrade import phone_photo
from bench.realworld_draw import Sheet
from workers.pipeline.context import PageContext
from workers.pipeline.perspective import flatten_perspective
from workers.pipeline.runner import process_image_page

MakeCtx = Callable[..., PageContext]
# Where bench.realworld_degrade.phone_photo puts the sheet's corners (tl, tr, br, bl).
TRUE_CORNERS = [(260, 300), (2760, 200), (2860, 3820), (180, 3700)]


@pytest.fixture(scope="module")
def photo() -> Sheet:
    page = make_page(57, kind="prose")
    return phone_photo(Sheet(page.image, page.text, 300))


def test_the_sheets_corners_are_found_and_the_desk_cut_away(
    photo: Sheet, tmp_path: Path, make_ctx: MakeCtx
) -> None:
    source = tmp_path / "photo.tif"
    photo.image.save(source, "TIFF")
    ctx = make_ctx(dpi=300)
    ctx.facts["dpi_from_file"] = False  # a camera records no resolution
    flat = flatten_perspective(source, ctx)
    assert flat != source
    found = np.array(ctx.facts["sheet_corners"], dtype=float)
    assert np.abs(found - np.array(TRUE_CORNERS)).max() < 20  # px of a 3000×4000 photo
    with Image.open(flat) as image:
        assert image.mode == "L"  # the desk was the only colour
        grey = np.asarray(image)
    # No desk left along the sides: the outer 1 % is paper (spine shadow aside, on the left).
    edge = max(2, grey.shape[1] // 100)
    assert np.median(grey[:, -edge:]) > 150
    assert np.median(grey[:edge, :]) > 150


def test_a_scan_is_not_even_opened(tmp_path: Path, make_ctx: MakeCtx) -> None:
    ctx = make_ctx(dpi=300)
    ctx.facts["dpi_from_file"] = True
    missing = tmp_path / "not-there.tif"
    assert flatten_perspective(missing, ctx) == missing


def test_paper_to_the_frame_is_left_as_it_is(
    text_page: Image.Image, tmp_path: Path, make_ctx: MakeCtx
) -> None:
    source = tmp_path / "page.tif"
    text_page.save(source, "TIFF")
    ctx = make_ctx(dpi=300)
    ctx.facts["dpi_from_file"] = False
    assert flatten_perspective(source, ctx) == source
    assert "sheet_corners" not in ctx.facts


@pytest.mark.integration
def test_a_phone_photo_reads_every_word_through_the_text_layer(
    photo: Sheet, tmp_path: Path
) -> None:
    source = tmp_path / "photo.jpg"
    photo.image.save(source, "JPEG", quality=88)
    result = process_image_page(source, PageContext(workdir=tmp_path / "work", page_number=1))
    layer = subprocess.run(
        ["pdftotext", str(result.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The benchmark's count (words of ≥ 2 letters or digits, as a multiset): 95.1 % of
    # the page's words were in the text layer without flattening, all of them with it.
    assert share(words(photo.text), words(layer)) >= 0.99
    assert result.facts["rotation"] == 0
