"""Data types shared by the corpus generator: page blocks and the generated page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PIL import Image

Kind = Literal["prose", "table", "mixed"]
KINDS: tuple[Kind, ...] = ("prose", "table", "mixed")

# Paper sizes in millimetres (width, height). F4 (folio) is common in Indonesian offices.
PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "F4": (215.0, 330.0),
    "B5": (176.0, 250.0),
    "Letter": (215.9, 279.4),
}


@dataclass(frozen=True)
class Heading:
    """A chapter (level 1) or section (level 2) heading."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A prose paragraph; the renderer wraps it."""

    text: str


@dataclass(frozen=True)
class Table:
    """A BPS-style numeric table: bilingual title, header lines per column, rows, total."""

    number: str
    title: str
    title_en: str
    headers: list[list[str]]
    rows: list[list[str]]
    total: list[str] | None
    source: str


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class GeneratedPage:
    """A synthetic page image and exactly what is drawn on it.

    ``text`` holds the drawn lines in reading order joined by ``"\\n"``; ``words`` is
    ``text.split()``; ``digits`` holds every digit of the table data cells (body and total
    rows; not titles, headers or column numbers) in reading order. ``skew`` is the angle
    in degrees the content was turned counter-clockwise, ``rotation`` the quarter turn
    (counter-clockwise, 0/90/180/270) applied afterwards.
    """

    image: Image.Image
    text: str
    words: list[str]
    digits: str
    dpi: int
    kind: Kind = "prose"
    seed: int = 0
    skew: float = 0.0
    rotation: int = 0
    noise: float = 0.0
    size: str = "A4"

    @property
    def variant(self) -> str:
        """A short label of the degradation: clean, skew+2.1, rot90, noise0.6 ..."""
        parts = []
        if self.skew:
            parts.append(f"skew{self.skew:+.1f}")
        if self.rotation:
            parts.append(f"rot{self.rotation}")
        if self.noise:
            parts.append(f"noise{self.noise:.1f}")
        return "+".join(parts) or "clean"
