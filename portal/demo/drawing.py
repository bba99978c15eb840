"""Pictures for the demo: BPS-style covers, and page files from a named page writer.

The page writer (``settings.DEMO_PAGE_WRITER``, by default ``bench.demo_pages``) lives in
development code that is not installed in the production image, so it is looked up by
name only when softcopies are asked for; without it the demo still loads the catalogue
and says why it made no softcopies.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string
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


class PagesUnavailable(Exception):
    """The page writer (by default the benchmark corpus, ``bench``) is not installed here."""


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
    """The files of one softcopy, from the writer ``settings.DEMO_PAGE_WRITER`` names
    (the benchmark corpus by default; ``bench`` is development code the product never
    imports, so it is looked up by name and may be absent)."""
    try:
        writer = import_string(settings.DEMO_PAGE_WRITER)
    except ImportError as exc:
        raise PagesUnavailable(str(exc)) from exc
    return list(writer(folder, seed=seed, count=count, born_digital=born_digital))
