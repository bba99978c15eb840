"""Scanned pages come out as the scanner's own pixels (lossless), upright, with their dpi."""

from __future__ import annotations

import io
from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pypdfium2 as pdfium
from fpdf import FPDF
from pdf_builders import (
    build_image_with_text,
    build_scanned,
    encode,
    merge,
    scan_image,
)
from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.pdf_raster import page_image


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image)


def test_flate_scan_is_extracted_pixel_for_pixel(
    scanned: Path, scan_png: Image.Image, ctx: PageContext
) -> None:
    out = page_image(scanned, 1, ctx)
    assert out.suffix == ".png"
    assert ctx.facts["raster_source"] == "extracted"
    assert ctx.facts["dpi"] == 150
    with Image.open(out) as image:
        assert image.mode == "L"
        assert np.array_equal(pixels(image), pixels(scan_png))
        assert round(image.info["dpi"][0]) == 150


def test_page_of_a_mixed_pdf_and_300_dpi(
    tmp_path: Path, born_digital, scan_lines: list[str], ctx: PageContext
) -> None:
    image = scan_image(scan_lines, dpi=300)
    scan = build_scanned(tmp_path / "scan300.pdf", image, dpi=300)
    mixed = merge(tmp_path / "mixed300.pdf", [(born_digital.path, 1), (scan, 1)])
    out = page_image(mixed, 2, ctx)
    assert ctx.facts == {"raster_source": "extracted", "dpi": 300}
    with Image.open(out) as extracted:
        assert np.array_equal(pixels(extracted), pixels(image))


def test_jpeg_scan_keeps_its_bytes(tmp_path: Path, scan_png: Image.Image, ctx: PageContext) -> None:
    """The JPEG says 72 dpi but is placed at 150 dpi: its bytes stay, its density is fixed."""
    data = encode(scan_png.convert("RGB"), "JPEG", 72)
    scan = tmp_path / "jpeg.pdf"
    layout = img2pdf.get_fixed_dpi_layout_fun((150, 150))
    scan.write_bytes(img2pdf.convert(data, layout_fun=layout))
    with pikepdf.open(scan) as pdf:
        embedded = pdf.pages[0].Resources.XObject["/Im0"].read_raw_bytes()
    out = page_image(scan, 1, ctx)
    assert out.suffix == ".jpg"
    written = out.read_bytes()
    # Only the JFIF density may differ; the coded image data are the embedded bytes.
    assert written[20:] == embedded[20:]
    assert len(written) == len(embedded)
    with Image.open(out) as image, Image.open(io.BytesIO(data)) as original:
        assert image.info["dpi"] == (150, 150)
        assert np.array_equal(pixels(image), pixels(original))
    assert ctx.facts["dpi"] == 150


def test_bitonal_ccitt_scan_becomes_a_1_bit_png(
    tmp_path: Path, scan_png: Image.Image, ctx: PageContext
) -> None:
    bitonal = scan_png.convert("1")
    scan = build_scanned(tmp_path / "g4.pdf", bitonal, "TIFF", dpi=200)
    with pikepdf.open(scan) as pdf:
        assert list(pdf.pages[0].Resources.XObject["/Im0"].Filter) == ["/CCITTFaxDecode"]
    out = page_image(scan, 1, ctx)
    assert out.suffix == ".png"
    assert ctx.facts["dpi"] == 200
    with Image.open(out) as image:
        assert image.mode == "1"
        assert np.array_equal(pixels(image), pixels(bitonal))


def _rotated(source: Path, out: Path, degrees: int) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.pages[0].Rotate = degrees
        pdf.save(out)
    return out


def _rendered(pdf: Path, dpi: int) -> np.ndarray:
    doc = pdfium.PdfDocument(pdf)
    try:
        return pixels(doc[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    finally:
        doc.close()


def _mismatch(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels that are ink in one image and paper in the other."""
    height, width = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    diff = np.abs(a[:height, :width].astype(int) - b[:height, :width].astype(int))
    return float((diff > 128).mean())


def test_rotate_90_page_comes_out_upright(
    tmp_path: Path, scanned: Path, scan_png: Image.Image, ctx: PageContext
) -> None:
    rotated = _rotated(scanned, tmp_path / "rot90.pdf", 90)
    out = page_image(rotated, 1, ctx)
    assert ctx.facts["raster_source"] == "extracted"
    with Image.open(out) as image:
        upright = pixels(image)
    # Exactly the scan turned clockwise, as a viewer shows the page ...
    assert np.array_equal(upright, pixels(scan_png.transpose(Image.Transpose.ROTATE_270)))
    # ... which pdfium's own rendering confirms, and the other way round would not match.
    rendered = _rendered(rotated, 150)
    wrong = pixels(scan_png.transpose(Image.Transpose.ROTATE_90))
    assert _mismatch(upright, rendered) < 0.002
    assert _mismatch(wrong, rendered) > 4 * _mismatch(upright, rendered)


def test_rotated_jpeg_is_turned_losslessly_into_png(
    tmp_path: Path, scan_png: Image.Image, ctx: PageContext
) -> None:
    data = encode(scan_png.convert("RGB"), "JPEG", 150)
    scan = build_scanned(tmp_path / "jpeg.pdf", scan_png.convert("RGB"), "JPEG")
    out = page_image(_rotated(scan, tmp_path / "jpeg270.pdf", 270), 1, ctx)
    assert out.suffix == ".png"
    with Image.open(out) as image, Image.open(io.BytesIO(data)) as original:
        turned = original.transpose(Image.Transpose.ROTATE_90)
        assert np.array_equal(pixels(image), pixels(turned))


def test_born_digital_page_is_rendered_in_grayscale_at_300_dpi(
    born_digital, ctx: PageContext
) -> None:
    out = page_image(born_digital.path, 1, ctx)
    assert ctx.facts["raster_source"] == "rendered"
    assert ctx.facts["dpi"] == 300
    assert ctx.facts["raster_reason"] == "the page has visible text"
    with Image.open(out) as image:
        assert image.mode == "L"
        assert abs(image.width - 2480) <= 1
        assert abs(image.height - 3508) <= 1
        assert pixels(image).min() < 50  # the text is there


def test_coloured_page_is_rendered_in_colour(tmp_path: Path, ctx: PageContext) -> None:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_fill_color(200, 30, 30)
    pdf.rect(20, 20, 80, 40, style="F")
    path = tmp_path / "colour.pdf"
    pdf.output(str(path))
    out = page_image(path, 1, ctx)
    with Image.open(out) as image:
        assert image.mode == "RGB"
        red = pixels(image)[400, 500]
        assert red[0] > 150
        assert red[1] < 80


def test_scan_with_a_visible_stamp_is_rendered_with_the_stamp(
    tmp_path: Path, scan_lines: list[str], ctx: PageContext
) -> None:
    image = scan_image(scan_lines, dpi=100)
    stamp = ["DIGITAL STAMP 2023"]
    built = build_image_with_text(tmp_path / "stamped.pdf", image, stamp, invisible=False)
    page_image(built.path, 1, ctx)
    assert ctx.facts["raster_source"] == "rendered"
    assert ctx.facts["raster_reason"] == "the page has visible text"


def test_scan_with_an_invisible_text_layer_is_still_extracted(
    tmp_path: Path, scan_lines: list[str], ctx: PageContext
) -> None:
    image = scan_image(scan_lines, dpi=100)
    built = build_image_with_text(tmp_path / "ocrd.pdf", image, scan_lines, invisible=True)
    out = page_image(built.path, 1, ctx)
    assert ctx.facts["raster_source"] == "extracted"
    with Image.open(out) as extracted:
        assert np.array_equal(pixels(extracted.convert("L")), pixels(image))
