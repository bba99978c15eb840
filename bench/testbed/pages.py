"""Small, plain pages for the multi-host bed: the subject is distribution, not OCR.

A page is a 150 dpi card (4 × 2.5 in) with three lines of large type, one of them a
word that names the page (``halamanNN``), so a search or the text layer tells pages
apart. Tesseract reads one in a fraction of the time of a 300 dpi A4 page.
"""

from __future__ import annotations

from pathlib import Path

import img2pdf
from PIL import Image, ImageDraw, ImageFont

DPI = 150
SIZE = (600, 375)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def page_word(number: int) -> str:
    return f"halaman{number:03d}"


def small_page(number: int, *, topic: str = "Pariaman") -> Image.Image:
    image = Image.new("L", SIZE, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for row, line in enumerate((f"Statistik {topic}", page_word(number), "Penduduk 2024")):
        draw.text((30, 40 + row * 100), line, fill=0, font=font)
    return image


def write_png(image: Image.Image, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, dpi=(DPI, DPI))
    return path


def scanned_pdf(path: Path, count: int, *, topic: str = "Pariaman") -> Path:
    """One PDF of ``count`` scanned pages (an image each, no text layer)."""
    folder = path.parent / f"{path.stem}-pages"
    images = [write_png(small_page(n, topic=topic), folder / f"{n:03d}.png")
              for n in range(1, count + 1)]  # fmt: skip
    path.write_bytes(img2pdf.convert([str(p) for p in images]))
    return path
