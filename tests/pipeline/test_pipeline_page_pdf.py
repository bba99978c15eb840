"""make_page_pdf: lossless image, text layer on top, page size from dpi; tidy_background.

These tests use a hand-made text-only PDF in place of Tesseract's, so they run fast;
test_pipeline_runner.py checks the same with real OCR.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.image import load_page_image
from workers.pipeline.page_pdf import flate_pixels, make_page_pdf
from workers.pipeline.tidy import tidy_background

MakeCtx = Callable[..., PageContext]
WORDS = "Pariaman 29.115"


def text_only_pdf(path: Path, width_pt: float, height_pt: float) -> Path:
    """A one-page PDF with invisible text (render mode 3), as Tesseract's textonly_pdf."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    content = f"BT 3 Tr /F1 12 Tf 72 {height_pt - 100:.2f} Td ({WORDS}) Tj ET".encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, width_pt, height_pt],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def page_pdf_for(image: Image.Image, folder: Path, ctx: PageContext, dpi: int) -> Path:
    """Save ``image`` as a processed PNG and build its page PDF."""
    source = folder / f"processed-{ctx.page_number}.png"
    image.save(source, dpi=(dpi, dpi), compress_level=1)
    width_pt, height_pt = image.width * 72 / dpi, image.height * 72 / dpi
    text = text_only_pdf(folder / f"text-{ctx.page_number}.pdf", width_pt, height_pt)
    return make_page_pdf(source, text, ctx)


def the_image(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    """The page's one image XObject (the text layer is a Form XObject beside it)."""
    xobjects = pdf.pages[0].Resources.XObject
    images = [
        x
        for x in xobjects.values()
        if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == "/Image"
    ]
    assert len(images) == 1
    return images[0]


def decoded_pixels(pdf_path: Path) -> np.ndarray:
    with pikepdf.open(pdf_path) as pdf:
        return np.asarray(pikepdf.PdfImage(the_image(pdf)).as_pil_image())


def mediabox(pdf_path: Path) -> list[float]:
    with pikepdf.open(pdf_path) as pdf:
        return [float(value) for value in pdf.pages[0].mediabox]


def pdftotext(pdf_path: Path) -> str:
    completed = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return completed.stdout


def test_grey_page_is_embedded_losslessly_with_text_on_top(
    tmp_path: Path, scanned_page: Image.Image, make_ctx: MakeCtx
) -> None:
    ctx = make_ctx(dpi=300)
    pdf = page_pdf_for(scanned_page, tmp_path, ctx, 300)
    assert ctx.facts["image_encoding"] == "flate"
    with pikepdf.open(pdf) as opened:
        assert the_image(opened).Filter == pikepdf.Name.FlateDecode  # never JPEG for a PNG
    assert np.array_equal(decoded_pixels(pdf), np.asarray(scanned_page))
    assert mediabox(pdf) == pytest.approx([0, 0, 2480 * 72 / 300, 3508 * 72 / 300], abs=0.01)
    assert ctx.facts["page_size_pt"] == pytest.approx([595.2, 841.92], abs=0.01)
    text = pdftotext(pdf)
    assert "Pariaman" in text
    assert "29.115" in text


def test_page_size_follows_the_dpi(
    tmp_path: Path, text_page: Image.Image, make_ctx: MakeCtx
) -> None:
    page = text_page.resize((1654, 2339))  # A4 at 200 dpi
    pdf = page_pdf_for(page, tmp_path, make_ctx(dpi=200), 200)
    assert mediabox(pdf) == pytest.approx([0, 0, 1654 * 72 / 200, 2339 * 72 / 200], abs=0.01)


def test_colour_page_is_lossless(tmp_path: Path, text_page: Image.Image, make_ctx: MakeCtx) -> None:
    colour = text_page.crop((0, 0, 1600, 1200)).convert("RGB")
    colour.paste((200, 30, 30), (900, 400, 1050, 550))
    pdf = page_pdf_for(colour, tmp_path, make_ctx(dpi=300), 300)
    assert np.array_equal(decoded_pixels(pdf), np.asarray(colour))


def test_bitonal_page_uses_lossless_ccitt_g4(
    tmp_path: Path, text_page: Image.Image, make_ctx: MakeCtx
) -> None:
    bitonal = text_page.convert("1")
    ctx = make_ctx(dpi=300)
    pdf = page_pdf_for(bitonal, tmp_path, ctx, 300)
    assert ctx.facts["image_encoding"] == "ccitt-g4"
    pixels = decoded_pixels(pdf)
    assert np.array_equal(pixels.astype(bool), np.asarray(bitonal).astype(bool))
    assert "Pariaman" in pdftotext(pdf)


def test_unchanged_jpeg_is_embedded_as_is(
    tmp_path: Path, scanned_page: Image.Image, make_ctx: MakeCtx
) -> None:
    source = tmp_path / "scan.jpg"
    half = scanned_page.crop((0, 0, 1240, 1754))
    half.convert("RGB").save(source, "JPEG", quality=85, dpi=(300, 300))
    ctx = make_ctx()
    loaded = load_page_image(source, ctx)
    text = text_only_pdf(tmp_path / "text.pdf", 1240 * 0.24, 1754 * 0.24)
    pdf = make_page_pdf(loaded, text, ctx)
    assert ctx.facts["image_encoding"] == "jpeg-original"
    with pikepdf.open(pdf) as opened:
        assert the_image(opened).read_raw_bytes() == source.read_bytes()
    # Once a step has changed the image (any new file), the processed pixels are embedded.
    changed = tmp_path / "deskewed.png"
    Image.open(loaded).rotate(1.0, expand=True, fillcolor=255).save(changed, dpi=(300, 300))
    make_page_pdf(changed, text, ctx)
    assert ctx.facts["image_encoding"] == "flate"


def test_tidy_background_whitens_paper_keeps_ink_and_shrinks_the_page(
    tmp_path: Path, scanned_page: Image.Image, make_ctx: MakeCtx
) -> None:
    source = tmp_path / "noisy.png"
    scanned_page.save(source, dpi=(300, 300), compress_level=1)
    assert tidy_background(source, make_ctx(dpi=300, tidy_background=False)) == source
    ctx = make_ctx(dpi=300, tidy_background=True)
    out = tidy_background(source, ctx)
    before = np.asarray(scanned_page)
    with Image.open(out) as tidied:
        after = np.asarray(tidied)
        tidied_size = len(flate_pixels(tidied))
    ink = before < 150
    assert np.array_equal(after[ink], before[ink])  # ink and strokes keep exact values
    changed = after != before
    assert (after[changed] == 255).all()  # the only change is paper made white
    assert float(ctx.facts["tidied_share"]) > 0.9  # type: ignore[arg-type]
    assert tidied_size < 0.1 * len(flate_pixels(scanned_page))
