"""The explicit context every pipeline step works over: plain, picklable data.

A step is ``step(input: Path, ctx: PageContext) -> Path``: it reads its input, writes a
new file under ``ctx.path(...)`` and returns it, never mutating the input, so every
intermediate stays inspectable and a step can run in any process that sees the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LANGUAGES = "ind+eng"
DEFAULT_DPI = 300
# 300 dpi A3 is ≈ 17.4 MP; 600 dpi A3 ≈ 70 MP. Beyond this a file is refused as a bomb.
MAX_PIXELS = 120_000_000


@dataclass(frozen=True)
class PageOptions:
    """What the job asked for; the same for every page of a job."""

    languages: str = DEFAULT_LANGUAGES
    dpi_hint: int = DEFAULT_DPI  # used when an image carries no resolution
    clean: bool = False  # run unpaper before OCR
    tidy_background: bool = True  # whiten near-white paper noise (smaller lossless PDF)
    max_pixels: int = MAX_PIXELS


@dataclass
class PageContext:
    """One page's work folder, options and what the steps learned about the page."""

    workdir: Path
    page_number: int
    options: PageOptions = field(default_factory=PageOptions)
    # Facts the steps record for the database (all JSON-friendly).
    facts: dict[str, object] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        """A file in this page's work folder (created on first use)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        return self.workdir / name
