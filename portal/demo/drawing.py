"""Pictures for the demo: BPS-style covers, and page images from the benchmark corpus.

The page generator lives in ``bench`` (a development package, not installed in the
production image), so it is imported only when softcopies are asked for; without it the
demo still loads the catalogue and says why it made no softcopies.
"""

from __future__ import annotations

import io
import logging
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from portal.demo.collection import DemoPublication

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# One colour per kind, as BPS series keep a recognisable cover from year to year.
KIND_COLOURS = {
    "in_figures": (0, 84, 147),
    "regional": (0, 122, 94),
    "indicators": (196, 98, 16),
    "analysis": (110, 52, 140),
    "survey": (160, 32, 48),
    "news": (60, 60, 60),
    "directory": (90, 110, 40),
    "other": (70, 90, 110),
}
PAGE_DPI = 200  # enough for OCR of 10-pt text, and a quarter of 300 dpi's pixels


class PagesUnavailable(Exception):
    """The benchmark corpus (``bench``) is not installed here, so no page images."""


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size)


def cover_png(publication: DemoPublication) -> bytes:
    """A 600×848 cover: coloured band, title, area and year, the publisher at the foot."""
    colour = KIND_COLOURS.get(publication.kind, KIND_COLOURS["other"])
    image = Image.new("RGB", (600, 848), (250, 250, 247))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 600, 520), fill=colour)
    draw.rectangle((0, 520, 600, 536), fill=(230, 180, 40))
    y = 70
    for line in textwrap.wrap(publication.title, width=22):
        draw.text((44, y), line, font=_font(40, bold=True), fill="white")
        y += 52
    if publication.subtitle:
        for line in textwrap.wrap(publication.subtitle, width=36):
            draw.text((44, y + 12), line, font=_font(22), fill=(225, 232, 240))
            y += 30
    label = publication.period or str(publication.year)
    draw.text((44, 430), label, font=_font(56, bold=True), fill="white")
    if publication.catalogue_number:
        number = f"Katalog: {publication.catalogue_number}"
        draw.text((44, 570), number, font=_font(20), fill=colour)
    draw.text((44, 760), "BADAN PUSAT STATISTIK", font=_font(24, bold=True), fill=colour)
    draw.text((44, 792), publication.area[1].upper(), font=_font(22), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def write_pages(folder: Path, *, seed: int, count: int, born_digital: bool) -> list[Path]:
    """The files of one softcopy: page images (scanned) or one text PDF (born digital)."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf2's font subsetting chatter
    try:
        from bench.corpus import KINDS, make_page, write_png
        from bench.corpus_files import born_digital_pdf
    except ImportError as exc:
        raise PagesUnavailable(str(exc)) from exc
    folder.mkdir(parents=True, exist_ok=True)
    pages = [
        make_page(seed * 100 + n, kind=KINDS[(seed + n) % len(KINDS)], dpi=PAGE_DPI)
        for n in range(count)
    ]
    if born_digital:
        return [born_digital_pdf([page.text for page in pages], folder / "publikasi.pdf")]
    return [write_png(page, folder / f"halaman-{n:03d}.png") for n, page in enumerate(pages, 1)]
