"""Build one searchable page: the image embedded losslessly, Tesseract's text on top.

Never a lossy re-encoding (CONVENTIONS.md; a changed digit is fatal in a statistics
table). Three encodings, recorded in ``facts["image_encoding"]``:

- ``jpeg-original``: a JPEG scan no step changed is embedded byte for byte;
- ``ccitt-g4``: bitonal pages, CCITT Group 4 (lossless, ≈ 30 % smaller than Flate);
- ``flate``: grey/colour pages, PNG's Flate stream with its predictors copied as is by
  img2pdf. Of two encodings the smaller is kept: run-length matching (best on noisy
  scans, fast) and zlib's default strategy at level 6 (best on clean pages; level 9 saves
  ≤ 6 % more at 5× the time).
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.errors import PipelineError
from workers.pipeline.image import page_dpi

_IMG2PDF_ERRORS = (
    img2pdf.ImageOpenError,
    img2pdf.UnsupportedColorspaceError,
    img2pdf.JpegColorspaceError,
    img2pdf.AlphaChannelError,
    img2pdf.ExifOrientationError,
    img2pdf.PdfTooLargeError,
)
# Try zlib's default strategy too when run-length output is under this share of raw size.
_TRY_DEFAULT_BELOW = 0.25


def smallest_png(image: Image.Image, dpi: int) -> bytes:
    """The smaller of two lossless PNG encodings of ``image`` (see module docstring)."""
    raw_size = image.width * image.height * len(image.getbands())
    candidates = [_png(image, dpi, level=9, strategy=zlib.Z_RLE)]
    if len(candidates[0]) < _TRY_DEFAULT_BELOW * raw_size:
        candidates.append(_png(image, dpi, level=6, strategy=zlib.Z_DEFAULT_STRATEGY))
    return min(candidates, key=len)


def _png(image: Image.Image, dpi: int, *, level: int, strategy: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), compress_level=level, compress_type=strategy)
    return buffer.getvalue()


def _g4_tiff(image: Image.Image, dpi: int) -> bytes:
    buffer = io.BytesIO()
    # One strip: img2pdf then copies the CCITT data instead of decoding it.
    image.save(buffer, "TIFF", compression="group4", dpi=(dpi, dpi), strip_size=2**31 - 1)
    return buffer.getvalue()


def _is_original_jpeg(image_path: Path, ctx: PageContext) -> bool:
    """True when ``image_path`` is the loaded page of a grey/RGB JPEG no step turned.

    Steps that change pixels write new files, so the path tells whether any did. A
    colour JPEG that load made grey still qualifies: its own bytes are far smaller than
    a lossless copy of its decoded (artefact-noisy) pixels, and its geometry is the same.
    """
    return (
        ctx.facts.get("source_format") == "JPEG"
        and ctx.facts.get("source_mode") in ("L", "RGB")
        and ctx.facts.get("geometry_changed") is False
        and str(image_path) == ctx.facts.get("loaded_path")
    )


def image_stream(image_path: Path, ctx: PageContext) -> tuple[bytes, str]:
    """The bytes img2pdf embeds for the page image, and the encoding's name."""
    if _is_original_jpeg(image_path, ctx):
        return Path(str(ctx.facts["source_path"])).read_bytes(), "jpeg-original"
    dpi = page_dpi(ctx)
    with Image.open(image_path) as image:
        image.load()
        if image.mode == "1":
            return _g4_tiff(image, dpi), "ccitt-g4"
        return smallest_png(image, dpi), "flate"


def overlay_text(page_pdf: pikepdf.Pdf, text_pdf: Path) -> None:
    """Draw the text-only page as a Form XObject over the image page, same MediaBox."""
    with pikepdf.open(text_pdf) as text:
        if len(text.pages) != 1:
            raise PipelineError(f"{text_pdf.name} has {len(text.pages)} pages, expected 1")
        page = page_pdf.pages[0]
        # add_overlay copies the page into a Form XObject, with its fonts, and scales it
        # into the rectangle: the text lands exactly on the words of the image.
        page.add_overlay(text.pages[0], pikepdf.Rectangle(*page.mediabox))


def make_page_pdf(image: Path, text_pdf: Path, ctx: PageContext) -> Path:
    """Write the searchable one-page PDF; page size = pixels / dpi × 72 points.

    facts: ``image_encoding``, ``page_image_path`` (the image embedded),
    ``page_pdf_bytes`` and ``page_size_pt`` ([width, height]).
    """
    dpi = page_dpi(ctx)
    data, encoding = image_stream(image, ctx)
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    try:
        image_pdf = img2pdf.convert(data, layout_fun=layout, nodate=True)
    except (*_IMG2PDF_ERRORS, ValueError, OSError) as exc:
        raise PipelineError(f"img2pdf could not embed {image.name}: {exc}") from exc
    out = ctx.path("page.pdf")
    with pikepdf.open(io.BytesIO(image_pdf)) as pdf:
        overlay_text(pdf, text_pdf)
        box = pdf.pages[0].mediabox
        size = [round(float(box[2]) - float(box[0]), 3), round(float(box[3]) - float(box[1]), 3)]
        pdf.save(out)
    ctx.facts.update(
        image_encoding=encoding,
        page_image_path=str(image),
        page_pdf_bytes=out.stat().st_size,
        page_size_pt=size,
    )
    return out
