"""Scanned PDFs in the encodings office scanners write: JBIG2, CCITT G4, CMYK JPEG, palette.

Debian has no JBIG2 encoder (FACTS.md), but a JBIG2 generic region may be coded with
MMR, which is CCITT Group 4: the JBIG2 stream here wraps libtiff's G4 data (through
Pillow) in JBIG2 segments — a real, lossless JBIG2 that ``jbig2dec`` decodes, as many
scanners' "JBIG2 lossless" mode produces. Never lossy (CONVENTIONS.md).
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageOps

_PAGE_INFO, _IMMEDIATE_LOSSLESS_GENERIC = 48, 39


def g4_data(image: Image.Image) -> bytes:
    """CCITT Group 4 data of a bitonal image, black = 1 in T.6's sense (one strip)."""
    # libtiff codes runs of 0 bits as T.6's white runs, and Pillow's "1" stores white
    # as 1: invert first, so that the coded bit 1 means black.
    inverted = ImageOps.invert(image.convert("L")).convert("1")
    buffer = io.BytesIO()
    inverted.save(buffer, "TIFF", compression="group4", strip_size=2**31 - 1)
    buffer.seek(0)
    with Image.open(buffer) as tiff:
        tags = getattr(tiff, "tag_v2")  # noqa: B009 - a TIFF's tags, untyped in Pillow
        offsets, counts = tags[273], tags[279]
    if len(offsets) != 1:
        raise ValueError("expected one strip")
    return buffer.getvalue()[offsets[0] : offsets[0] + counts[0]]


def _segment(number: int, kind: int, data: bytes) -> bytes:
    """A JBIG2 segment: header (no referred segments, page 1) and its data."""
    return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data


def jbig2_stream(image: Image.Image, dpi: int) -> bytes:
    """An embedded (PDF) JBIG2 stream: page information, one MMR generic region, end."""
    width, height = image.size
    ppm = round(dpi / 0.0254)
    page_info = struct.pack(">IIIIBH", width, height, ppm, ppm, 0x01, 0)
    region_info = struct.pack(">IIIIB", width, height, 0, 0, 0)
    generic = region_info + bytes([0x01]) + g4_data(image)  # flags: MMR = 1
    return _segment(0, _PAGE_INFO, page_info) + _segment(1, _IMMEDIATE_LOSSLESS_GENERIC, generic)


def _image_page(
    pdf: pikepdf.Pdf, xobject: pikepdf.Stream, size_px: tuple[int, int], dpi: int
) -> None:
    width_pt, height_pt = size_px[0] * 72 / dpi, size_px[1] * 72 / dpi
    content = f"q {width_pt:.3f} 0 0 {height_pt:.3f} 0 0 cm /Im0 Do Q".encode()
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, width_pt, height_pt]),
        Resources=Dictionary(XObject=Dictionary(Im0=xobject)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))


def jbig2_pdf(image: Image.Image, dpi: int, path: Path) -> Path:
    """A one-page scanned PDF whose image is JBIG2-encoded (lossless, MMR)."""
    pdf = pikepdf.new()
    stream = pdf.make_stream(
        jbig2_stream(image, dpi),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=1,
        Filter=Name.JBIG2Decode,
    )
    _image_page(pdf, stream, image.size, dpi)
    pdf.save(path, deterministic_id=True)
    return path


def ccitt_pdf(image: Image.Image, dpi: int, path: Path) -> Path:
    """A one-page scanned PDF whose image is CCITT Group 4 (K -1), as fax and MFPs write."""
    pdf = pikepdf.new()
    parms = Dictionary(K=-1, Columns=image.width, Rows=image.height)
    stream = pdf.make_stream(
        g4_data(image),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=1,
        Filter=Name.CCITTFaxDecode,
        DecodeParms=parms,
    )
    _image_page(pdf, stream, image.size, dpi)
    pdf.save(path, deterministic_id=True)
    return path


def jpeg_pdf(image: Image.Image, dpi: int, path: Path, *, quality: int = 90) -> Path:
    """A one-page PDF of a DCT image in the image's own colour space (CMYK included)."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    spaces = {"L": Name.DeviceGray, "RGB": Name.DeviceRGB, "CMYK": Name.DeviceCMYK}
    pdf = pikepdf.new()
    stream = pdf.make_stream(
        buffer.getvalue(),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=spaces[image.mode],
        BitsPerComponent=8,
        Filter=Name.DCTDecode,
    )
    if image.mode == "CMYK":  # Pillow writes Adobe CMYK JPEGs inverted
        stream.stream_dict.Decode = Array([1, 0, 1, 0, 1, 0, 1, 0])
    _image_page(pdf, stream, image.size, dpi)
    pdf.save(path, deterministic_id=True)
    return path


def indexed_pdf(image: Image.Image, dpi: int, path: Path, *, colours: int = 16) -> Path:
    """A one-page PDF of a palette image (/Indexed colour space), as img2pdf embeds it."""
    import img2pdf

    buffer = io.BytesIO()
    image.convert("RGB").quantize(colours, dither=Image.Dither.NONE).save(
        buffer, "PNG", dpi=(dpi, dpi)
    )
    data = img2pdf.convert(buffer.getvalue())
    assert data is not None
    path.write_bytes(data)
    return path
