"""A scanned PDF page as an image file for the OCR pipeline, losslessly where possible.

A scan's page is usually one image covering the page: that image is taken out as it is
(JPEG bytes kept, anything else as PNG), so OCR sees the scanner's pixels and not a
resampled copy. Any other page is rendered with pdfium at 300 dpi. Either way the
result is upright as a reader sees it (/Rotate and the image's placement applied).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pikepdf
from pikepdf import Name, PdfImage
from PIL import Image

from workers.pipeline.context import DEFAULT_DPI, PageContext
from workers.pipeline.pdf_inspect import load_page, open_pdfium, open_pikepdf

# The image must cover this much of the visible page, and lie this much inside it.
MIN_PAGE_COVERAGE = 0.9
MIN_IMAGE_VISIBLE = 0.95
_MAX_FORM_DEPTH = 4
_PAINT_OPS = frozenset(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"])
_TEXT_SHOW_OPS = frozenset(["Tj", "TJ", "'", '"'])
_INVISIBLE_TEXT = (3, 7)
_PASSTHROUGH_JPEG_MODES = ("L", "RGB")
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

# (column direction, row direction) on screen -> the transpose that makes it upright.
_TRANSPOSE: dict[tuple[tuple[int, int], tuple[int, int]], Image.Transpose | None] = {
    ((1, 0), (0, 1)): None,
    ((-1, 0), (0, 1)): Image.Transpose.FLIP_LEFT_RIGHT,
    ((1, 0), (0, -1)): Image.Transpose.FLIP_TOP_BOTTOM,
    ((-1, 0), (0, -1)): Image.Transpose.ROTATE_180,
    ((0, 1), (-1, 0)): Image.Transpose.ROTATE_270,
    ((0, -1), (1, 0)): Image.Transpose.ROTATE_90,
    ((0, 1), (1, 0)): Image.Transpose.TRANSPOSE,
    ((0, -1), (-1, 0)): Image.Transpose.TRANSVERSE,
}
_SWAPS_AXES = {
    Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_270,
    Image.Transpose.TRANSPOSE,
    Image.Transpose.TRANSVERSE,
}


@dataclass(frozen=True)
class _Placed:
    """An image XObject and the matrix that places its unit square on the page."""

    image: pikepdf.Stream
    ctm: Matrix


class _NotExtractable(Exception):
    """The page is not a single full-page image we can take out as it is."""


def page_image(pdf: Path, page_number: int, ctx: PageContext) -> Path:
    """Write page ``page_number`` (1-based) as ``page.png`` / ``page.jpg`` for OCR.

    facts: ``raster_source`` ("extracted" or "rendered"), ``dpi``, and when rendered
    ``raster_reason`` (why the image could not be taken out as it is).
    """
    with open_pikepdf(pdf) as doc:
        if not 1 <= page_number <= len(doc.pages):
            raise ValueError(f"{pdf.name} has no page {page_number}")
        try:
            return _extract(doc.pages[page_number - 1], ctx)
        except _NotExtractable as reason:
            ctx.facts["raster_reason"] = str(reason)
    return _render(pdf, page_number, ctx)


def _extract(page: pikepdf.Page, ctx: PageContext) -> Path:
    placed = _sole_image(page)
    image = PdfImage(placed.image)
    if image.image_mask or Name.SMask in placed.image or Name.Mask in placed.image:
        raise _NotExtractable("the image is masked or transparent")
    if image.width * image.height > ctx.options.max_pixels:
        raise _NotExtractable("the image has more pixels than allowed")
    _check_coverage(placed.ctm, _visible_box(page))
    op = _transpose_for(placed.ctm, _rotation(page))
    dpi = _effective_dpi(placed.ctm, image.width, image.height, op)
    try:
        out = _write_extracted(image, op, dpi, ctx)
    except (NotImplementedError, pikepdf.PdfError, OSError, ValueError) as exc:
        raise _NotExtractable(f"the image cannot be decoded losslessly: {exc}") from exc
    ctx.facts["raster_source"] = "extracted"
    ctx.facts["dpi"] = round((dpi[0] + dpi[1]) / 2)
    if abs(dpi[0] - dpi[1]) > 1:
        ctx.facts["dpi_xy"] = [round(dpi[0]), round(dpi[1])]
    return out


def _write_extracted(
    image: PdfImage, op: Image.Transpose | None, dpi: tuple[float, float], ctx: PageContext
) -> Path:
    """JPEG bytes as they are when no turn is needed; otherwise decoded pixels as PNG."""
    raw = io.BytesIO()
    ext = image.extract_to(stream=raw)
    if ext == ".jpg" and op is None and image.mode in _PASSTHROUGH_JPEG_MODES:
        out = ctx.path("page.jpg")
        out.write_bytes(jpeg_with_dpi(raw.getvalue(), dpi))
        return out
    pil = image.as_pil_image()
    if pil.mode not in ("1", "L", "P", "RGB", "I;16"):
        raise ValueError(f"pixel mode {pil.mode} is not an OCR input")
    if op is not None:
        pil = pil.transpose(op)
    out = ctx.path("page.png")
    pil.save(out, format="PNG", dpi=dpi, compress_level=1)
    return out


def _sole_image(page: pikepdf.Page) -> _Placed:
    """The page's only visible content, an image; else say why not."""
    found: list[_Placed] = []
    _scan(page.obj, page.obj.get(Name.Resources), _IDENTITY, found, 0)
    if len(found) != 1:
        raise _NotExtractable(f"the page draws {len(found)} images")
    annots = page.obj.get(Name.Annots)
    if isinstance(annots, pikepdf.Array) and any(
        isinstance(a, pikepdf.Dictionary) and Name.AP in a and a.get(Name.Subtype) != Name.Link
        for a in annots
    ):
        raise _NotExtractable("the page has visible annotations")
    return found[0]


def _scan(
    stream: pikepdf.Object, resources: object, ctm: Matrix, found: list[_Placed], depth: int
) -> None:
    """Walk a content stream: collect placed images, refuse any other visible content."""
    stack: list[tuple[Matrix, int]] = []
    mode = 0
    for item in pikepdf.parse_content_stream(stream):
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            raise _NotExtractable("the page has an inline image")
        op = str(item.operator)
        operands = item.operands
        if op == "q":
            stack.append((ctm, mode))
        elif op == "Q" and stack:
            ctm, mode = stack.pop()
        elif op == "cm" and len(operands) == 6:
            ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op == "Tr" and operands:
            mode = int(operands[0])
        elif op in _TEXT_SHOW_OPS and mode not in _INVISIBLE_TEXT:
            raise _NotExtractable("the page has visible text")
        elif op in _PAINT_OPS:
            raise _NotExtractable("the page has vector graphics")
        elif op == "Do" and operands:
            _draw_xobject(operands[0], resources, ctm, found, depth)


def _draw_xobject(
    name: object, resources: object, ctm: Matrix, found: list[_Placed], depth: int
) -> None:
    xobjects = resources.get(Name.XObject) if isinstance(resources, pikepdf.Dictionary) else None
    xobj = None
    if isinstance(xobjects, pikepdf.Dictionary) and isinstance(name, Name):
        xobj = xobjects.get(name)
    if not isinstance(xobj, pikepdf.Stream):
        return  # a missing XObject draws nothing
    if xobj.get(Name.Subtype) == Name.Image:
        found.append(_Placed(xobj, ctm))
    elif xobj.get(Name.Subtype) == Name.Form and depth < _MAX_FORM_DEPTH:
        matrix = xobj.get(Name.Matrix)
        form_ctm = ctm
        if isinstance(matrix, pikepdf.Array) and len(matrix) == 6:
            form_ctm = _multiply(tuple(float(v) for v in matrix), ctm)  # type: ignore[arg-type]
        form_resources = xobj.get(Name.Resources, resources)
        _scan(xobj, form_resources, form_ctm, found, depth + 1)
    else:
        raise _NotExtractable("the page draws an unsupported XObject")


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (m applies first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _visible_box(page: pikepdf.Page) -> tuple[float, float, float, float]:
    media = _normalise(page.mediabox)
    crop = _normalise(page.cropbox)
    return (
        max(media[0], crop[0]),
        max(media[1], crop[1]),
        min(media[2], crop[2]),
        min(media[3], crop[3]),
    )


def _normalise(box: pikepdf.Array) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _check_coverage(ctm: Matrix, box: tuple[float, float, float, float]) -> None:
    a, b, c, d, e, f = ctm
    xs = [e, a + e, c + e, a + c + e]
    ys = [f, b + f, d + f, b + d + f]
    image_box = (min(xs), min(ys), max(xs), max(ys))
    inter_w = min(box[2], image_box[2]) - max(box[0], image_box[0])
    inter_h = min(box[3], image_box[3]) - max(box[1], image_box[1])
    inter = max(inter_w, 0) * max(inter_h, 0)
    page_area = (box[2] - box[0]) * (box[3] - box[1])
    image_area = (image_box[2] - image_box[0]) * (image_box[3] - image_box[1])
    if page_area <= 0 or image_area <= 0 or inter < MIN_PAGE_COVERAGE * page_area:
        raise _NotExtractable("the image does not cover the page")
    if inter < MIN_IMAGE_VISIBLE * image_area:
        raise _NotExtractable("part of the image is cropped away")


def _rotation(page: pikepdf.Page) -> int:
    try:
        return int(page.obj.get(Name.Rotate, 0)) % 360
    except (TypeError, ValueError):
        return 0


def _transpose_for(ctm: Matrix, rotate: int) -> Image.Transpose | None:
    """The turn/flip that shows the image's pixels upright, as the page displays them."""
    a, b, c, d, _, _ = ctm
    # Along image columns (x grows) and rows (y grows downward), in screen space (y down).
    col: tuple[float, float] = (a, -b)
    row: tuple[float, float] = (-c, d)
    if rotate % 90:
        raise _NotExtractable(f"/Rotate {rotate} is not a multiple of 90")
    for _ in range(rotate // 90):  # each step turns the page 90° clockwise
        col, row = (-col[1], col[0]), (-row[1], row[0])
    key = (_axis(col), _axis(row))
    if key not in _TRANSPOSE:
        raise _NotExtractable("the image is skewed or rotated by an odd angle")
    return _TRANSPOSE[key]


def _axis(vector: tuple[float, float]) -> tuple[int, int]:
    x, y = vector
    if abs(y) <= 1e-3 * abs(x):
        return (1 if x > 0 else -1, 0)
    if abs(x) <= 1e-3 * abs(y):
        return (0, 1 if y > 0 else -1)
    return (0, 0)  # not axis-aligned


def _effective_dpi(
    ctm: Matrix, width: int, height: int, op: Image.Transpose | None
) -> tuple[float, float]:
    """Pixels per inch of the placed image, in the output image's x and y."""
    a, b, c, d, _, _ = ctm
    dpi_x = width / (math.hypot(a, b) / 72)
    dpi_y = height / (math.hypot(c, d) / 72)
    return (dpi_y, dpi_x) if op in _SWAPS_AXES else (dpi_x, dpi_y)


def jpeg_with_dpi(data: bytes, dpi: tuple[float, float]) -> bytes:
    """The same JPEG with its JFIF density set to ``dpi``; entropy-coded data untouched.

    A JFIF header is patched in place, or inserted when there is none and no Adobe
    (APP14) marker says how to read the colours. Otherwise the bytes are returned as is.
    """
    xd, yd = (max(1, min(65535, round(v))) for v in dpi)
    density = bytes([1]) + xd.to_bytes(2, "big") + yd.to_bytes(2, "big")
    if data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\x00":
        return data[:13] + density + data[18:]
    if data[:2] != b"\xff\xd8" or b"\xff\xeeAdobe" in data[:65536]:
        return data
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01" + density + b"\x00\x00"
    return data[:2] + app0 + data[2:]


def _render(pdf: Path, page_number: int, ctx: PageContext) -> Path:
    """Render with pdfium (annotations included), in grayscale when nothing is coloured."""
    doc = open_pdfium(pdf)
    try:
        page = load_page(doc, page_number, pdf)
        try:
            width_pt, height_pt = page.get_size()
            dpi = _render_dpi(width_pt, height_pt, ctx)
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            pil = bitmap.to_pil()
        finally:
            page.close()
    finally:
        doc.close()
    pixels = np.asarray(pil)
    if (
        pixels.ndim == 3
        and (pixels[..., 0] == pixels[..., 1]).all()
        and (pixels[..., 1] == pixels[..., 2]).all()
    ):
        pil = pil.convert("L")
    out = ctx.path("page.png")
    pil.save(out, format="PNG", dpi=(dpi, dpi), compress_level=1)
    ctx.facts["raster_source"] = "rendered"
    ctx.facts["dpi"] = round(dpi)
    return out


def _render_dpi(width_pt: float, height_pt: float, ctx: PageContext) -> float:
    """300 dpi, lowered for huge pages so the bitmap stays under the pixel limit."""
    dpi = float(DEFAULT_DPI)
    pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
    if pixels > ctx.options.max_pixels:
        dpi *= math.sqrt(ctx.options.max_pixels / pixels)
    return math.floor(dpi)
