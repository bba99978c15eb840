"""Page encoding, the blank-page test and cover-sheet reading on captured images."""

from __future__ import annotations

import io
import random

import segno
from PIL import Image, ImageDraw, ImageFont

from scanner_agent import imaging
from tests.scanner_agent.conftest import blank_page, text_page


def a4_cover(payload: str) -> Image.Image:
    """A cover sheet as scanned at 300 dpi: the QR printed at ~1.6 mm per module."""
    qr = io.BytesIO()
    segno.make(payload, error="m").save(qr, kind="png", scale=19, border=4)
    page = Image.new("L", (2480, 3508), 255)
    page.paste(Image.open(qr).convert("L"), (300, 300))
    ImageDraw.Draw(page).text((300, 1500), "LEMBAR SAMPUL / COVER SHEET", fill=0)
    return page


def test_cover_sheets_are_read_on_full_size_scans() -> None:
    assert imaging.read_cover_sheet(a4_cover("PUSTAKA:T:123")) == imaging.CoverSheet("T", 123)
    cover = imaging.read_cover_sheet(a4_cover("PUSTAKA:P:77"))
    assert cover is not None
    assert (cover.publication_id, cover.scan_task_id) == (77, None)


def test_other_qr_codes_and_plain_pages_are_not_cover_sheets() -> None:
    assert imaging.read_cover_sheet(a4_cover("https://bps.go.id")) is None
    assert imaging.read_cover_sheet(a4_cover("PUSTAKA:X:1")) is None
    assert imaging.read_cover_sheet(text_page("1")) is None


A4_300 = (2480, 3508)
HEADING_FONT = ImageFont.truetype("DejaVuSans.ttf", 50)  # 12 pt at 300 dpi


def test_a_page_with_only_a_heading_is_not_blank() -> None:
    page = Image.new("L", A4_300, 245)
    ImageDraw.Draw(page).text((300, 400), "BAB III KEPENDUDUKAN", font=HEADING_FONT, fill=20)
    assert not imaging.is_blank(page)
    assert not imaging.is_blank(text_page("x"))


def test_an_empty_sheet_with_edges_speckles_and_bleed_through_is_blank() -> None:
    page = Image.new("L", A4_300, 240)
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 40, A4_300[1]), fill=0)  # the scanner's dark edge
    for y in range(300, 3200, 60):  # the other side's text showing through, light grey
        draw.text((300, y), "tembus dari halaman sebaliknya " * 3, font=HEADING_FONT, fill=205)
    pixels, rng = page.load(), random.Random(1)
    for _ in range(int(A4_300[0] * A4_300[1] * 0.003)):  # dust: isolated dark pixels
        pixels[rng.randrange(A4_300[0]), rng.randrange(A4_300[1])] = 30
    assert imaging.is_blank(page)
    assert imaging.is_blank(blank_page())


def test_encoding_keeps_the_resolution_and_thresholds_lineart() -> None:
    page = text_page("x")
    png = Image.open(io.BytesIO(imaging.encode(page, "image/png", 300, threshold=False)))
    assert (png.format, png.mode) == ("PNG", "L")
    assert round(png.info["dpi"][0]) == 300
    bitonal = Image.open(io.BytesIO(imaging.encode(page, "image/png", 400, threshold=True)))
    assert bitonal.mode == "1"
    jpeg = Image.open(io.BytesIO(imaging.encode(page, "image/jpeg", 300, threshold=False)))
    assert jpeg.format == "JPEG"
    tiff = Image.open(io.BytesIO(imaging.encode(page, "image/tiff", 300, threshold=True)))
    assert (tiff.format, tiff.mode) == ("TIFF", "1")
