"""Colour graphics (maps, charts) are read as sparse text; text pages keep the layout.

On the real-world corpus's map Tesseract's automatic layout lost the label "Marunggi"
(read "arung!") and on its bar chart a third of the words; read as sparse text the map
kept every true word. Real Tesseract, the corpus's own drawings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from bench.realworld_draw import colour_map, coloured_headings
from workers.pipeline.context import PageContext
from workers.pipeline.ocr import GRAPHIC_SHARE, page_segmentation, tinted_share
from workers.pipeline.runner import process_image_page
from workers.pipeline.tools.tesseract import PSM_AUTO, PSM_SPARSE

MakeCtx = Callable[..., PageContext]


def _saved(image: Image.Image, path: Path) -> Path:
    image.save(path, "TIFF", dpi=(300, 300))
    return path


def test_a_map_is_a_graphic_and_a_chapter_opening_is_not(tmp_path: Path, make_ctx: MakeCtx) -> None:
    the_map, opening = colour_map().image, coloured_headings().image
    assert tinted_share(the_map, 300) > 2 * GRAPHIC_SHARE
    # A dark band and a tinted box on a text page: still a text page.
    assert tinted_share(opening, 300) < GRAPHIC_SHARE
    ctx = make_ctx(dpi=300)
    assert page_segmentation(_saved(the_map, tmp_path / "map.tif"), ctx) == PSM_SPARSE
    assert ctx.facts["page_segmentation"] == PSM_SPARSE
    ctx = make_ctx(dpi=300)
    assert page_segmentation(_saved(opening, tmp_path / "opening.tif"), ctx) == PSM_AUTO


def test_a_grey_page_is_not_measured(tmp_path: Path, make_ctx: MakeCtx) -> None:
    ctx = make_ctx(dpi=300)
    dark = Image.new("L", (600, 600), 40)  # dark all over, but grey: automatic layout
    assert page_segmentation(_saved(dark, tmp_path / "grey.tif"), ctx) == PSM_AUTO
    assert "tinted_share" not in ctx.facts


@pytest.mark.integration
def test_the_maps_labels_are_read(tmp_path: Path) -> None:
    sheet = colour_map()
    source = tmp_path / "map.png"
    sheet.image.save(source, dpi=(300, 300), compress_level=1)
    result = process_image_page(source, PageContext(workdir=tmp_path / "work", page_number=1))
    words = set(result.text.split())
    # Every subdistrict and village name on the map (the automatic layout lost Marunggi).
    for name in ("Marunggi", "Sintuk", "Naras", "Toboh", "Palabah", "Cubadak", "Mentawai"):
        assert name in words, name
    assert result.facts["page_segmentation"] == PSM_SPARSE
