"""Colour pages keep their light and coloured lettering; very fine scans are reduced.

Background tidying once whitened a map's tinted regions together with the white and
yellow names printed on them (Pustaka held 45 % of ocrmypdf's words on a map). These
tests pin what it must leave alone, on small drawn images.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from bench.corpus_layout import SANS_BOLD, font
from workers.pipeline.context import PageContext
from workers.pipeline.errors import DecompressionBombError
from workers.pipeline.image import check_pixels
from workers.pipeline.resolution import normalise_resolution, reduction_factor
from workers.pipeline.tidy import read_tidied, tidy_background

MakeCtx = Callable[..., PageContext]


def _colour_sheet() -> Image.Image:
    """White paper; a dark band with white text; a pastel region with yellow and orange
    text; light grey-blue chart area; a light yellow label on white paper."""
    image = Image.new("RGB", (1200, 1200), (252, 252, 250))
    draw = ImageDraw.Draw(image)
    face = font(SANS_BOLD, 40)
    draw.rectangle((0, 100, 1200, 260), fill=(0, 58, 112))
    draw.text((40, 150), "BAB 3 PENDUDUK", font=face, fill=(255, 255, 255))
    draw.rectangle((0, 400, 1200, 800), fill=(255, 236, 179))
    draw.text((40, 450), "Pariaman Utara", font=face, fill=(255, 235, 59))
    draw.text((40, 550), "Naras Hilir", font=face, fill=(230, 120, 30))
    draw.rectangle((0, 850, 1200, 1050), fill=(232, 240, 250))
    draw.text((40, 1100), "Catatan", font=face, fill=(255, 214, 0))
    return image


def test_tidy_leaves_tints_dark_bands_and_coloured_print_exactly_as_they_were(
    tmp_path: Path, make_ctx: MakeCtx
) -> None:
    source = tmp_path / "colour.png"
    sheet = _colour_sheet()
    sheet.save(source, dpi=(300, 300))
    ctx = make_ctx(dpi=300, tidy_background=True)
    with Image.open(tidy_background(source, ctx)) as out:
        after = np.asarray(out.convert("RGB")).astype(int)
    before = np.asarray(sheet).astype(int)
    changed = (after != before).any(axis=2)
    assert (before[changed].min(axis=1) >= 220).all()  # only near-white pixels became white
    for top, bottom in ((100, 260), (400, 800)):  # the dark band, the pastel region
        tint = tuple(before[top + 2, 1190])
        assert (
            (after[top:bottom] == tint).all(axis=2) == (before[top:bottom] == tint).all(axis=2)
        ).all()
    yellow = (before[1090:1160] == (255, 214, 0)).all(axis=2)
    assert yellow.sum() > 1000
    assert (after[1090:1160][yellow] == (255, 214, 0)).all()  # light yellow print stays
    paper = (before == (252, 252, 250)).all(axis=2)
    assert (after[paper] == 255).all()  # while plain paper is still made white
    assert 0.3 < float(ctx.facts["tidied_share"]) < 0.6  # type: ignore[arg-type]


def test_tidy_keeps_white_text_on_a_dark_band_of_a_grey_page(
    tmp_path: Path, make_ctx: MakeCtx
) -> None:
    grey = _colour_sheet().convert("L")
    source = tmp_path / "grey.png"
    grey.save(source, dpi=(300, 300))
    with Image.open(tidy_background(source, make_ctx(dpi=300, tidy_background=True))) as out:
        after = np.asarray(out)
    band = np.asarray(grey)[100:260]
    changed = after[100:260] != band
    assert (band[changed] >= 220).all()  # the band and its white lettering stay
    assert (after[100:260] == band[2, 1190]).sum() == (band == band[2, 1190]).sum()


def test_resolution_factors() -> None:
    assert [reduction_factor(d) for d in (150, 300, 599, 600, 899, 1200, 2400)] == [
        1,
        1,
        1,
        2,
        2,
        4,
        8,
    ]


def test_a_2400_dpi_bitonal_scan_is_reduced_to_300_dpi_grey(
    tmp_path: Path, make_ctx: MakeCtx
) -> None:
    card = Image.new("L", (2400, 1600), 255)
    ImageDraw.Draw(card).rectangle((800, 800, 1599, 1199), fill=0)
    source = tmp_path / "card.tif"
    card.convert("1").save(source, compression="group4", dpi=(2400, 2400))
    ctx = make_ctx(dpi=2400)
    out = normalise_resolution(source, ctx)
    with Image.open(out) as reduced:
        assert reduced.size == (300, 200)
        assert reduced.mode == "L"
        assert reduced.info["dpi"] == (300, 300)
        pixels = np.asarray(reduced)
    assert (pixels[100:150, 100:200] == 0).all()
    assert pixels[0, 0] == 255
    assert ctx.facts["dpi"] == 300
    assert ctx.facts["scanned_dpi"] == 2400
    plain = make_ctx(dpi=300)
    assert normalise_resolution(source, plain) == source  # 300 dpi: nothing to do


def test_a_bitonal_page_may_have_eight_times_the_pixels_of_a_grey_one() -> None:
    check_pixels(Image.new("1", (2000, 2000)), 1_000_000)  # 4 MP of bits: like 0.5 MP grey
    with pytest.raises(DecompressionBombError):
        check_pixels(Image.new("L", (2000, 2000)), 1_000_000)
    with pytest.raises(DecompressionBombError):
        check_pixels(Image.new("1", (3000, 3000)), 1_000_000)


def test_ocr_reads_the_tidied_page_only_on_noisy_paper(make_ctx: MakeCtx) -> None:
    noisy, quiet, unknown = make_ctx(), make_ctx(), make_ctx()
    noisy.facts["noise_sigma"] = 11.9  # a poor scanner's paper: specks are better gone
    quiet.facts["noise_sigma"] = 3.0  # a faded copy: faint strokes must stay
    assert read_tidied(noisy)
    assert not read_tidied(quiet)
    assert not read_tidied(unknown)  # tidying was off
