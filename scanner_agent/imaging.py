"""What the agent does to a captured image: encode it, test it for blankness, read a
cover sheet's QR code. Pure functions on PIL images; no device, no network."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image, ImageFilter

# A page is "blank" when less than this share of its pixels is ink, measured inside a
# margin (scanner edges and punch holes leave dark borders on empty sheets), on a copy
# reduced to ~100 dpi and median-filtered (dust and speckles vanish, strokes stay).
# Measured on 300 dpi A4: a lone 12 pt heading ≈ 0.09 %, a table page ≈ 3 %, an empty
# sheet with 0.3 % speckles and grey bleed-through 0 %.
BLANK_INK_RATIO = 0.0003
INK_LEVEL = 160  # gray value below which a pixel counts as ink (bleed-through is lighter)
BLANK_TEST_WIDTH = 1000
MARGIN = 0.05  # share of width/height ignored on each side
LINEART_LEVEL = 128  # threshold of agent-side lineart
# Cover sheets are read on every captured page, in the capture thread: QR only, on a copy
# reduced to ~150 dpi (0.8 s → 0.01 s per 300 dpi A4 page on this machine).
QR_MAX_WIDTH = 1240
COVER_PAYLOAD = re.compile(r"^PUSTAKA:([TP]):(\d+)$")


@dataclass(frozen=True)
class CoverSheet:
    """A decoded cover sheet: ``kind`` "T" (scan task) or "P" (publication)."""

    kind: str
    target_id: int

    @property
    def scan_task_id(self) -> int | None:
        return self.target_id if self.kind == "T" else None

    @property
    def publication_id(self) -> int | None:
        return self.target_id if self.kind == "P" else None


def encode(image: Image.Image, content_type: str, resolution: int, *, threshold: bool) -> bytes:
    """The page file as uploaded: PNG (lossless), JPEG (photos) or TIFF, with its dpi.

    ``threshold`` turns a gray scan into a bitonal page (lineart done on the agent).
    """
    if threshold:
        image = image.convert("L").point(lambda v: 255 if v >= LINEART_LEVEL else 0).convert("1")
    out = io.BytesIO()
    dpi = (resolution, resolution)
    if content_type == "image/jpeg":
        image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode).save(
            out, "JPEG", quality=90, dpi=dpi
        )
    elif content_type == "image/tiff":
        image.save(out, "TIFF", compression="group4" if image.mode == "1" else "tiff_lzw", dpi=dpi)
    else:
        image.save(out, "PNG", dpi=dpi, compress_level=3)  # 3: most of the size, far less CPU
    return out.getvalue()


def ink_ratio(image: Image.Image) -> float:
    """Share of dark pixels inside the margins, on a reduced, despeckled copy."""
    gray = image.convert("L")
    if gray.width > BLANK_TEST_WIDTH:
        gray.thumbnail((BLANK_TEST_WIDTH, BLANK_TEST_WIDTH * 2))
    width, height = gray.size
    dx, dy = int(width * MARGIN), int(height * MARGIN)
    inner = gray.crop((dx, dy, width - dx, height - dy)).filter(ImageFilter.MedianFilter(3))
    histogram = inner.histogram()
    total = sum(histogram) or 1
    return sum(histogram[:INK_LEVEL]) / total


def is_blank(image: Image.Image) -> bool:
    return ink_ratio(image) < BLANK_INK_RATIO


def read_cover_sheet(image: Image.Image) -> CoverSheet | None:
    """The Pustaka cover sheet this page is, or None. Reads every QR code on the page."""
    import zxingcpp  # imported late: only scans that contain pages need it

    if image.width > QR_MAX_WIDTH:  # cover QR modules are ~1.6 mm: 150 dpi is plenty
        image = image.copy()
        image.thumbnail((QR_MAX_WIDTH, QR_MAX_WIDTH * 2))
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    for barcode in zxingcpp.read_barcodes(image, formats=qr_only):
        match = COVER_PAYLOAD.match(barcode.text.strip())
        if match:
            return CoverSheet(match.group(1), int(match.group(2)))
    return None
