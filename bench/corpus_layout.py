"""Draws page blocks onto a white page and records exactly what was drawn, line by line."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from bench.corpus_types import PAGE_SIZES_MM, Heading, Paragraph

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
SANS, SANS_BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
SERIF = "DejaVuSerif.ttf"
Font = ImageFont.FreeTypeFont


@functools.lru_cache(maxsize=64)
def font(name: str, size_px: int) -> Font:
    """A DejaVu font at a pixel size (cached)."""
    return ImageFont.truetype(FONT_DIR + name, size_px)


@dataclass(frozen=True)
class Style:
    """Typography of one page, drawn from the page's RNG."""

    body_font: str = SANS
    body_pt: float = 10.5
    table_pt: float = 8.5
    leading: float = 1.38
    justify: bool = True


def wrap(text: str, face: Font, width: float, indent: float = 0.0) -> list[str]:
    """Greedy word wrap: lines no wider than ``width`` (the first ``indent`` narrower)."""
    space = face.getlength(" ")
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split():
        w = face.getlength(word)
        limit = width - (indent if not lines else 0.0)
        if current and used + space + w > limit:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            used = used + space + w if current else w
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


class Canvas:
    """A page being drawn: a cursor moving down, the ground-truth lines and digits."""

    def __init__(self, size: str, dpi: int, style: Style) -> None:
        width_mm, height_mm = PAGE_SIZES_MM[size]
        self.dpi, self.style = dpi, style
        self.image = Image.new("L", (self.mm(width_mm), self.mm(height_mm)), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.left, self.right = self.mm(25), self.image.width - self.mm(20)
        self.top, self.bottom = self.mm(25), self.image.height - self.mm(25)
        self.y = float(self.top)
        self.lines: list[str] = []
        self.digits: list[str] = []

    def mm(self, value: float) -> int:
        """Millimetres to pixels."""
        return round(value / 25.4 * self.dpi)

    def pt(self, value: float) -> int:
        """Points to pixels."""
        return round(value * self.dpi / 72)

    @property
    def width(self) -> int:
        return self.right - self.left

    def text_line(self, x: float, text: str, face: Font, advance: float) -> None:
        """Draw one line with its baseline one ascent below the cursor; record it."""
        ascent = face.getmetrics()[0]
        self.draw.text((x, self.y + ascent), text, font=face, fill=0, anchor="ls")
        self.lines.append(text)
        self.y += advance

    def rule(self, x0: float, x1: float, weight_mm: float = 0.25) -> None:
        """A horizontal table rule at the cursor."""
        thick = max(1, self.mm(weight_mm))
        top = round(self.y)
        self.draw.rectangle((round(x0), top, round(x1), top + thick - 1), fill=0)

    def room(self) -> float:
        return self.bottom - self.y


def running_header(canvas: Canvas, title: str) -> None:
    """The volume title at the top right with a rule under it (above the text area)."""
    face = font(SANS, canvas.pt(8.5))
    canvas.y = canvas.mm(13)
    x = canvas.right - face.getlength(title)
    canvas.text_line(x, title, face, canvas.pt(8.5) * 1.6)
    canvas.rule(canvas.left, canvas.right, 0.15)
    canvas.y = float(canvas.top)


def folio(canvas: Canvas, number: int) -> None:
    """The page number centred in the bottom margin."""
    face = font(SANS, canvas.pt(9))
    text = str(number)
    canvas.y = canvas.image.height - canvas.mm(17)
    canvas.text_line((canvas.left + canvas.right - face.getlength(text)) / 2, text, face, 0)


def heading(canvas: Canvas, block: Heading) -> bool:
    """A bold heading, kept with at least three lines of what follows."""
    size = canvas.pt(14 if block.level == 1 else canvas.style.body_pt)
    face = font(SANS_BOLD, size)
    lines = wrap(block.text, face, canvas.width)
    before = size * (1.2 if block.level == 1 else 0.6) if canvas.lines[1:] else 0
    body = canvas.pt(canvas.style.body_pt) * canvas.style.leading
    if canvas.room() < before + len(lines) * size * 1.3 + size * 0.6 + 3 * body:
        return False
    canvas.y += before
    for line in lines:
        canvas.text_line(canvas.left, line, face, size * 1.3)
    canvas.y += size * 0.6
    return True


def paragraph(canvas: Canvas, block: Paragraph) -> bool:
    """A wrapped (optionally justified) paragraph; fills the page and reports when full."""
    size = canvas.pt(canvas.style.body_pt)
    face = font(canvas.style.body_font, size)
    indent = canvas.mm(8)
    lines = wrap(block.text, face, canvas.width, indent)
    advance = size * canvas.style.leading
    for i, line in enumerate(lines):
        if canvas.room() < advance:
            return False
        x = canvas.left + (indent if i == 0 else 0)
        last = i == len(lines) - 1
        if canvas.style.justify and not last and " " in line:
            justified_line(canvas, x, line, face, canvas.right - x)
            canvas.y += advance
        else:
            canvas.text_line(x, line, face, advance)
    canvas.y += size * 0.5
    return True


def justified_line(canvas: Canvas, x: float, line: str, face: Font, width: float) -> None:
    """Draw the words of a line spread over ``width``; record the line as plain text."""
    words = line.split(" ")
    gap = (width - sum(face.getlength(w) for w in words)) / (len(words) - 1)
    baseline = canvas.y + face.getmetrics()[0]
    for word in words:
        canvas.draw.text((x, baseline), word, font=face, fill=0, anchor="ls")
        x += face.getlength(word) + gap
    canvas.lines.append(line)


DIGIT = re.compile(r"\d")


def digits_of(cells: Iterable[str]) -> str:
    """All digit characters of some cells, in order."""
    return "".join(DIGIT.findall("".join(cells)))
