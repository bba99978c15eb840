"""What a found table is made of: words in, a table with its grid out (JSON-friendly).

Coordinates are page fractions (0–1, origin top left), so a table's outline can be
drawn over the page at any size, whether its words came from a 300 dpi scan or a PDF.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from workers.pipeline.tables.numbers import parse_figure

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Word:
    """One word on the page with its box (in any unit, the same for the whole page)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Ruling:
    """A ruling line of a born-digital page: horizontal when y0 == y1 (within a point)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass
class PageWords:
    """Everything the extractor reads of one page: size, words and ruling lines."""

    width: float
    height: float
    words: list[Word]
    rulings: list[Ruling] = field(default_factory=list)
    source: str = "hocr"  # "hocr" (scanned, Tesseract) or "pdf" (born digital)


@dataclass
class HeaderCell:
    """A header cell over columns ``col``..``col + span - 1`` in header row ``row``."""

    row: int
    col: int
    text: str
    span: int = 1
    rowspan: int = 1


@dataclass
class Gap:
    """Empty cells ``first``..``last`` of row ``row`` and the free space they share."""

    row: int
    first: int
    last: int
    box: Box


@dataclass
class Table:
    """A table as printed: number, titles, header, rows of cells, notes, outline."""

    number: str
    title: str
    title_en: str
    columns: int
    header: list[HeaderCell]
    column_names: list[str]
    rows: list[list[str]]  # printed text per row; column 0 is the row label
    totals: list[int]  # indexes of rows that are totals
    notes: list[str]  # footnotes, "Catatan: …"
    source: str  # the "Sumber: …" line
    bbox: Box  # page fractions
    row_boxes: list[Box] = field(default_factory=list)
    # Page fractions: the borders between columns, and the empty cells of rows that have
    # figures (where the page's OCR may have dropped a word): row, first/last column, box.
    edges: list[float] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The table for JSON: every cell with its printed text and its parsed value."""
        data = asdict(self)
        data["cells"] = [[cell_dict(text, c) for c, text in enumerate(r)] for r in self.rows]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Table:
        """The inverse of ``as_dict`` (parsed values are worked out again)."""
        return cls(
            number=data["number"],
            title=data["title"],
            title_en=data["title_en"],
            columns=data["columns"],
            header=[HeaderCell(**h) for h in data["header"]],
            column_names=list(data["column_names"]),
            rows=[list(r) for r in data["rows"]],
            totals=list(data["totals"]),
            notes=list(data["notes"]),
            source=data["source"],
            bbox=_box(data["bbox"]),
            row_boxes=[_box(b) for b in data.get("row_boxes", [])],
            edges=[float(e) for e in data.get("edges", [])],
            gaps=[
                Gap(g["row"], g["first"], g["last"], _box(g["box"])) for g in data.get("gaps", [])
            ],
        )


def _box(values: list[float]) -> Box:
    x0, y0, x1, y1 = (float(v) for v in values)
    return (x0, y0, x1, y1)


def cell_dict(text: str, col: int) -> dict[str, Any]:
    """A cell for JSON: the printed text, the value (numbers only outside the label
    column), and the note ("–" printed where nothing is available)."""
    parsed = parse_figure(text) if col > 0 else None
    if parsed is None or parsed.kind == "text":
        return {"text": text, "value": text or None, "type": "text" if text else "empty"}
    return {
        "text": text,
        "value": parsed.value,
        "type": parsed.kind,
        "decimals": parsed.decimals,
        "percent": parsed.percent,
        "note": parsed.note,
    }
