"""A second look at the empty figure cells of a found table, and nothing else.

Tesseract's page layout analysis sometimes drops a whole column of figures or a lone
one-digit cell inside a table. The grid found from the other words says exactly where
such a cell must be: the free space between its neighbours on the row's line. Those
spaces — only in rows that have figures, only where nothing was read — are cut from the
page image, stacked into one small strip and read in ONE Tesseract call (``--psm 6``);
a reading is kept only when it is a number or a "-"/"…" mark. A page whose tables have
no empty cells costs nothing; the page itself is never OCR'd again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image

from workers.pipeline.tables.grid import column_of
from workers.pipeline.tables.hocr import words_from_hocr
from workers.pipeline.tables.model import Gap, Table, Word
from workers.pipeline.tables.numbers import parse_number

Reader = Callable[[Path, Path], Path]  # (strip image, output base) -> hOCR file
PAD = 24
MAX_SLOTS = 80


@dataclass
class _Slot:
    table: Table
    gap: Gap
    left: int  # x of the crop on the page
    top: int  # y of the crop in the strip
    bottom: int


def page_image(pdf: Path) -> Image.Image:
    """The (largest) image of a one-page PDF: the scan the page's hOCR was read from."""
    with pikepdf.open(pdf) as document:
        images = list(document.pages[0].images.values())
        if not any(isinstance(im, pikepdf.Stream) for im in images):
            raise ValueError("the page PDF holds no image")
        streams = [im for im in images if isinstance(im, pikepdf.Stream)]
        largest = max(streams, key=lambda im: int(im.Width) * int(im.Height))
        return pikepdf.PdfImage(largest).as_pil_image().convert("L")


def without_rulings(crop: Image.Image) -> Image.Image:
    """The crop with table borders whitened: pixel rows or columns that are dark across
    most of the crop are rules, not digits (Tesseract reads them as "|" or merges them)."""
    pixels = np.asarray(crop, dtype=np.uint8).copy()
    dark = pixels < 128
    rows = dark.mean(axis=1) > 0.5
    cols = dark.mean(axis=0) > 0.6
    pixels[rows, :] = 255
    pixels[:, cols] = 255
    return Image.fromarray(pixels)


def fill_gaps(tables: list[Table], image: Image.Image, read: Reader, workdir: Path) -> int:
    """Read the empty figure cells of ``tables`` off ``image``; returns cells filled."""
    width, height = image.size
    crops: list[Image.Image] = []
    slots: list[_Slot] = []
    y = PAD
    for table in tables:
        for gap in table.gaps:
            x0, y0 = round(gap.box[0] * width), round(gap.box[1] * height)
            x1, y1 = round(gap.box[2] * width), round(gap.box[3] * height)
            if x1 - x0 < 8 or y1 - y0 < 8 or len(slots) >= MAX_SLOTS:
                continue
            crop = without_rulings(
                image.crop((max(0, x0), max(0, y0), min(width, x1), min(height, y1)))
            )
            crops.append(crop)
            slots.append(_Slot(table, gap, max(0, x0), y, y + crop.height))
            y += crop.height + PAD
    if not slots:
        return 0
    strip = Image.new("L", (max(c.width for c in crops) + 2 * PAD, y), 255)
    for crop, slot in zip(crops, slots, strict=True):
        strip.paste(crop, (PAD, slot.top))
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "table-gaps.png"
    strip.save(path, dpi=(300, 300))
    hocr = read(path, workdir / "table-gaps")
    words = words_from_hocr(hocr.read_text(encoding="utf-8", errors="replace")).words
    return sum(_fill(slot, words, width) for slot in slots)


def _fill(slot: _Slot, words: list[Word], page_width: int) -> int:
    mine = sorted((w for w in words if slot.top <= w.cy <= slot.bottom), key=lambda w: w.x0)
    if not mine:
        return 0
    gap, table = slot.gap, slot.table
    texts: dict[int, list[str]] = {}
    for word in mine:
        col = gap.first
        if gap.last > gap.first and table.edges:
            x = (slot.left + word.cx - PAD) / page_width
            col = min(gap.last, max(gap.first, column_of(x, table.edges)))
        texts.setdefault(col, []).append(word.text)
    filled = 0
    for col, parts in texts.items():
        text = " ".join(parts)
        current = table.rows[gap.row][col]
        unread = not current or parse_number(current).kind == "text"
        if parse_number(text).kind in ("number", "na") and unread:
            table.rows[gap.row][col] = text
            filled += 1
    return filled
