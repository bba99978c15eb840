"""The whole image-page pipeline with the real Tesseract: orientation, skew, OCR, PDF.

Each pipeline run costs a few seconds of Tesseract, so pages are processed once per
module and the tests share the results.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from bench.metrics import cer
from workers.pipeline.context import PageContext
from workers.pipeline.orient import orient
from workers.pipeline.runner import PageResult, process_image_page

pytestmark = pytest.mark.integration

STEPS = (
    "load_page_image",
    "normalise_resolution",
    "flatten_perspective",
    "orient",
    "deskew",
    "flip_if_upside_down",
    "clean",
    "tidy_background",
    "detect_blank",
    "ocr",
    "make_page_pdf",
)


def _run(image: Image.Image, folder: Path) -> PageResult:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "scan.png"
    image.save(source, dpi=(300, 300), compress_level=1)
    return process_image_page(source, PageContext(workdir=folder / "work", page_number=1))


@pytest.fixture(scope="module")
def sideways(scanned_page: Image.Image, tmp_path_factory: pytest.TempPathFactory) -> PageResult:
    """Skewed 2.5° clockwise (the skew that ruins OCR), then turned 90° to the left."""
    crooked = scanned_page.rotate(-2.5, Image.Resampling.BICUBIC, expand=True, fillcolor=232)
    return _run(crooked.rotate(90, expand=True), tmp_path_factory.mktemp("sideways"))


@pytest.fixture(scope="module")
def upside_down(scanned_page: Image.Image, tmp_path_factory: pytest.TempPathFactory) -> PageResult:
    return _run(scanned_page.rotate(180), tmp_path_factory.mktemp("upside-down"))


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> PageResult:
    """An empty A6 sheet (small: Tesseract spends as long on noise as on a text page)."""
    rng = np.random.default_rng(11)
    paper = np.clip(rng.normal(230, 5, (1754, 1240)), 0, 255).astype(np.uint8)
    return _run(Image.fromarray(paper, "L"), tmp_path_factory.mktemp("empty"))


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def test_sideways_page_is_turned_upright_and_straightened(sideways: PageResult) -> None:
    assert sideways.facts["rotation"] == 90  # clockwise
    # Skewed by 2.5° its lines' direction is unclear at the line test: OSD decides.
    assert sideways.facts["orientation_method"] == "osd"
    assert float(sideways.facts["orientation_confidence"]) >= 8  # type: ignore[arg-type]
    assert sideways.facts["skew_degrees"] == pytest.approx(-2.5, abs=0.3)


@pytest.mark.parametrize("result_name", ["sideways", "upside_down"])
def test_ocr_reads_the_known_words(
    result_name: str, request: pytest.FixtureRequest, known_words: tuple[str, ...]
) -> None:
    result: PageResult = request.getfixturevalue(result_name)
    for word in known_words:
        assert word in result.text
    assert result.txt.read_text(encoding="utf-8") == result.text
    hocr = result.hocr.read_text(encoding="utf-8")
    assert "ocrx_word" in hocr
    assert "Pariaman" in hocr
    assert int(result.facts["ocr_chars"]) > 200  # type: ignore[call-overload]
    assert result.facts["text_path"] == str(result.txt)
    assert result.facts["hocr_path"] == str(result.hocr)


def test_upside_down_page_is_turned(upside_down: PageResult) -> None:
    assert upside_down.facts["rotation"] == 180


def test_page_pdf_text_layer_holds_the_words(
    sideways: PageResult, known_words: tuple[str, ...]
) -> None:
    text = _pdftotext(sideways.pdf)  # poppler reads the PDF independently of the pipeline
    for word in known_words:
        assert word in text


def test_page_pdf_image_is_the_processed_png_exactly(sideways: PageResult) -> None:
    processed = Path(str(sideways.facts["page_image_path"]))
    assert processed.name == "tidied.tif"  # the last image a step produced
    with pikepdf.open(sideways.pdf) as pdf:
        page = pdf.pages[0]
        images = [
            x
            for x in page.Resources.XObject.values()
            if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == "/Image"
        ]
        assert len(images) == 1
        embedded = np.asarray(pikepdf.PdfImage(images[0]).as_pil_image())
        box = [float(v) for v in page.mediabox]
    with Image.open(processed) as png:
        assert np.array_equal(embedded, np.asarray(png))
        width, height = png.size
    assert box == pytest.approx([0, 0, width * 72 / 300, height * 72 / 300], abs=0.01)


def test_every_step_is_timed(sideways: PageResult) -> None:
    timings = sideways.facts["timings"]
    assert isinstance(timings, dict)
    assert tuple(timings) == STEPS
    assert all(isinstance(seconds, float) and seconds >= 0 for seconds in timings.values())
    assert timings["ocr"] > 0.2  # really ran Tesseract


def test_blank_page_is_flagged_but_still_processed(empty: PageResult) -> None:
    assert empty.facts["blank"] is True
    assert empty.facts["rotation"] == 0  # OSD sees only noise: no confident answer
    assert empty.pdf.is_file()
    assert empty.txt.is_file()
    assert "ocr" in empty.facts["timings"]  # type: ignore[operator]


def test_page_without_text_stays_as_it_is(
    tmp_path: Path, make_ctx: Callable[..., PageContext]
) -> None:
    source = tmp_path / "white.png"
    Image.new("L", (2480, 3508), 255).save(source, dpi=(300, 300))
    ctx = make_ctx(dpi=300)
    assert orient(source, ctx) == source  # "Too few characters" is no error
    assert ctx.facts == {
        "dpi": 300,
        "rotation": 0,
        "orientation_confidence": None,
        "orientation_method": "osd",
    }


def test_page_turned_right_comes_back_pixel_for_pixel(
    text_page: Image.Image, tmp_path: Path, make_ctx: Callable[..., PageContext]
) -> None:
    source = tmp_path / "right.png"
    text_page.rotate(-90, expand=True).save(source, dpi=(300, 300), compress_level=1)
    ctx = make_ctx(dpi=300)
    with Image.open(orient(source, ctx)) as upright:
        assert np.array_equal(np.asarray(upright), np.asarray(text_page))  # lossless turn
    assert ctx.facts["rotation"] == 270


def test_orientation_needs_no_osd_for_upright_upside_down_and_sideways_pages(
    tmp_path: Path,
) -> None:
    """The cheap shape tests decide common pages; OSD (≈1 s) only runs when in doubt."""
    from bench.corpus import degrade, make_page

    upright = make_page(71, kind="table")
    upside_down = degrade(make_page(72, kind="prose"), rotate=180, seed=3)
    sideways = degrade(make_page(73, kind="mixed"), rotate=90, seed=4)
    results = {
        name: _run(page.image, tmp_path / name)
        for name, page in (
            ("upright", upright),
            ("upside_down", upside_down),
            ("sideways", sideways),
        )
    }
    assert results["upright"].facts["rotation"] == 0
    assert "orient_by_osd" not in results["upright"].facts["timings"]
    assert results["upside_down"].facts["rotation"] == 180
    assert results["upside_down"].facts["orientation_method"] == "lines"
    assert results["sideways"].facts["orientation_method"] == "lines"
    assert results["sideways"].facts["rotation"] in (90, 270)
    for name, page in (("upright", upright), ("upside_down", upside_down), ("sideways", sideways)):
        assert cer(page.text, results[name].text) < 0.02, name
