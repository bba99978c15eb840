"""Build one searchable page: the image embedded losslessly, Tesseract's text on top.

Never a lossy re-encoding (CONVENTIONS.md; a changed digit is fatal in a statistics
table). Three encodings, recorded in ``facts["image_encoding"]``:

- ``jpeg-original``: a JPEG scan no step changed is embedded byte for byte;
- ``ccitt-g4``: bitonal pages, CCITT Group 4 (lossless, ≈ 30 % smaller than Flate);
- ``flate``: grey/colour pages, the raw pixels deflated by libdeflate at level 6 into
  an image XObject written here. Measured on the benchmark's tidied 300 dpi A4 pages it
  is 2–8 % smaller than the best of two PNG encodings (zlib run-length or level 6,
  with PNG row predictors) and 5–7× faster (≈ 0.05 s instead of ≈ 0.3 s): on pages
  whose paper is white, long runs matter more than predictors.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import deflate
import img2pdf
import pikepdf
from pikepdf import Array, Dictionary, Name
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
FLATE_LEVEL = 6  # libdeflate: level 9 saved < 2 % more at twice the time
_COLOUR_SPACES = {"L": Name.DeviceGray, "RGB": Name.DeviceRGB}


def flate_pixels(image: Image.Image) -> bytes:
    """The image's raw 8-bit pixels, deflated (zlib format, as /FlateDecode reads it)."""
    if image.mode not in _COLOUR_SPACES:
        raise PipelineError(f"page images are L or RGB here, not {image.mode}")
    return bytes(deflate.zlib_compress(image.tobytes(), FLATE_LEVEL))


def flate_page_pdf(image: Image.Image, dpi: int) -> pikepdf.Pdf:
    """A one-page PDF showing ``image`` at ``dpi``, its pixels Flate-compressed losslessly.

    The same page img2pdf would write (image XObject /Im0 scaled to the page), without
    the PNG round trip.
    """
    pdf = pikepdf.new()
    xobject = pdf.make_stream(
        flate_pixels(image),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=_COLOUR_SPACES[image.mode],
        BitsPerComponent=8,
        Filter=Name.FlateDecode,
    )
    width, height = image.width * 72 / dpi, image.height * 72 / dpi
    content = f"q\n{width:.4f} 0 0 {height:.4f} 0 0 cm\n/Im0 Do\nQ".encode()
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, Decimal(f"{width:.4f}"), Decimal(f"{height:.4f}")]),
        Resources=Dictionary(XObject=Dictionary(Im0=xobject)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    return pdf


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


def image_pdf(image_path: Path, ctx: PageContext) -> tuple[pikepdf.Pdf, str]:
    """A one-page PDF of the page image alone, and the name of its encoding."""
    dpi = page_dpi(ctx)
    if _is_original_jpeg(image_path, ctx):
        data, encoding = Path(str(ctx.facts["source_path"])).read_bytes(), "jpeg-original"
    else:
        with Image.open(image_path) as image:
            image.load()
            if image.mode != "1":
                return flate_page_pdf(image, dpi), "flate"
            data, encoding = _g4_tiff(image, dpi), "ccitt-g4"
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    try:
        converted = img2pdf.convert(data, layout_fun=layout, nodate=True)
    except (*_IMG2PDF_ERRORS, ValueError, OSError) as exc:
        raise PipelineError(f"img2pdf could not embed {image_path.name}: {exc}") from exc
    return pikepdf.open(io.BytesIO(converted)), encoding


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
    image_only, encoding = image_pdf(image, ctx)
    out = ctx.path("page.pdf")
    with image_only as pdf:
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
