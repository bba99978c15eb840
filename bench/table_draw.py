"""Lays table pages out in millimetres and draws them as an image or as a born-digital PDF.

One layout, two renderers: the scanned and the born-digital version of a page show
the same words at the same places, so both are scored against the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw

from bench.corpus_files import FIXED_DATE
from bench.corpus_layout import FONT_DIR, SANS, SANS_BOLD, font, wrap
from bench.table_pages import TableSpec

PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT, TOP, BOTTOM = 22.0, 190.0, 25.0, 272.0
MEASURE_DPI = 600


@dataclass(frozen=True)
class Text:
    x: float  # mm; left, right or centre by ``anchor`` ("l", "r", "m")
    y: float  # baseline, mm
    text: str
    pt: float
    bold: bool = False
    anchor: str = "l"


@dataclass(frozen=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    weight: float = 0.25  # mm


@dataclass
class Layout:
    items: list[Text | Rule] = field(default_factory=list)
    y: float = TOP


def width_mm(text: str, pt: float, bold: bool = False) -> float:
    face = font(SANS_BOLD if bold else SANS, round(pt * MEASURE_DPI / 72))
    return face.getlength(text) / MEASURE_DPI * 25.4


def wrap_mm(text: str, pt: float, width: float, bold: bool = False) -> list[str]:
    face = font(SANS_BOLD if bold else SANS, round(pt * MEASURE_DPI / 72))
    return wrap(text, face, width / 25.4 * MEASURE_DPI)


def column_widths(spec: TableSpec, pt: float) -> list[float]:
    """Natural widths (mm), the label column capped at ``label_width``, then stretched
    to the text width; spanned columns widened until the span's text fits."""
    pad = pt * 0.25
    widths = []
    for c, own in enumerate(spec.headers):
        texts = [f"({c + 1})", *own, *(row[c] for row in spec.rows)]
        widths.append(max(width_mm(t, pt, bold=True) for t in texts) + 2 * pad)
    if spec.label_width:
        widths[0] = min(widths[0], spec.label_width)
    for a, b, lines in spec.spans:
        need = max(width_mm(t, pt) for t in lines) + 2 * pad
        have = sum(widths[a : b + 1])
        if have < need:
            for c in range(a, b + 1):
                widths[c] += (need - have) / (b - a + 1)
    extra = (RIGHT - LEFT - sum(widths)) / max(1, len(widths) - 1)
    return [widths[0]] + [w + max(0.0, extra) for w in widths[1:]]


def draw_table(layout: Layout, spec: TableSpec, pt: float) -> None:
    """Title, header (with its merged level), column numbers, rows, rules, notes."""
    line = 0.3528  # one point in mm
    for text, bold in [(f"Tabel {spec.number} {spec.title}", True)]:
        for part in wrap_mm(text, pt + 1.5, RIGHT - LEFT, bold):
            layout.y += (pt + 1.5) * line * 1.35
            layout.items.append(Text(LEFT, layout.y, part, pt + 1.5, bold))
    for part in wrap_mm(f"Table {spec.number} {spec.title_en}", pt + 1.5, RIGHT - LEFT):
        layout.y += (pt + 1.5) * line * 1.35
        layout.items.append(Text(LEFT, layout.y, part, pt + 1.5))
    layout.y += pt * line * 1.2
    widths = column_widths(spec, pt)
    edges = [LEFT]
    for w in widths:
        edges.append(edges[-1] + w)
    top = layout.y
    layout.items.append(Rule(edges[0], top, edges[-1], top, 0.35))
    span_rule = _header(layout, spec, edges, pt)
    layout.items.append(Rule(edges[0], layout.y, edges[-1], layout.y, 0.2))
    layout.y += pt * line * 1.3
    for c in range(spec.columns):
        mid = (edges[c] + edges[c + 1]) / 2
        layout.items.append(Text(mid, layout.y, f"({c + 1})", pt, anchor="m"))
    layout.y += pt * line * 0.5
    layout.items.append(Rule(edges[0], layout.y, edges[-1], layout.y, 0.2))
    _body(layout, spec, edges, pt)
    bottom = layout.y
    layout.items.append(Rule(edges[0], bottom, edges[-1], bottom, 0.35))
    if spec.bordered:
        inner = {c for a, b, _ in spec.spans for c in range(a + 1, b + 1)}
        for c, x in enumerate(edges):
            layout.items.append(Rule(x, span_rule if c in inner else top, x, bottom, 0.2))
    small = max(7.0, pt - 0.5)
    for note in [spec.source, *spec.notes]:
        layout.y += small * line * 1.5
        layout.items.append(Text(LEFT, layout.y, note, small))
    layout.y += pt * line * 2.5


def _header(layout: Layout, spec: TableSpec, edges: list[float], pt: float) -> float:
    """Header lines top-aligned per column, a merged level over its columns with a
    rule under it; returns the y of that rule."""
    line = 0.3528
    step = pt * line * 1.3
    base = layout.y + pt * line * 0.4
    span_lines = max((len(s[2]) for s in spec.spans), default=0)
    rule_y = base + span_lines * step + pt * line * 0.45
    spanned = {c for a, b, _ in spec.spans for c in range(a, b + 1)}
    for a, b, lines in spec.spans:
        mid = (edges[a] + edges[b + 1]) / 2
        for i, text in enumerate(lines):
            layout.items.append(Text(mid, base + (i + 1) * step, text, pt, anchor="m"))
        layout.items.append(Rule(edges[a] + 0.8, rule_y, edges[b + 1] - 0.8, rule_y, 0.15))
    depth = 0
    for c, own in enumerate(spec.headers):
        first = span_lines + 0.35 if c in spanned else 0
        mid = (edges[c] + edges[c + 1]) / 2
        for i, text in enumerate(own):
            layout.items.append(Text(mid, base + (first + i + 1) * step, text, pt, anchor="m"))
        depth = max(depth, first + len(own))
    layout.y = base + depth * step + pt * line * 0.6
    return rule_y


def _body(layout: Layout, spec: TableSpec, edges: list[float], pt: float) -> None:
    line = 0.3528
    pad = pt * 0.25
    label_w = edges[1] - edges[0] - 2 * pad
    for r, row in enumerate(spec.rows):
        bold = r in spec.totals
        if bold and not spec.bordered:
            layout.items.append(Rule(edges[0], layout.y, edges[-1], layout.y, 0.15))
        labels = wrap_mm(row[0], pt, label_w, bold) or [""]
        wrap_step = pt * line * 1.15
        first = layout.y + pt * line * 1.2
        figures_y = first + (len(labels) - 1) * wrap_step if spec.figures_on_last_line else first
        for i, text in enumerate(labels):
            layout.items.append(Text(edges[0] + pad, first + i * wrap_step, text, pt, bold))
        for c, text in enumerate(row[1:], start=1):
            if text:
                layout.items.append(Text(edges[c + 1] - pad, figures_y, text, pt, bold, "r"))
        layout.y = first + (len(labels) - 1) * wrap_step + pt * line * 0.55
        if spec.bordered and r < len(spec.rows) - 1:
            layout.items.append(Rule(edges[0], layout.y, edges[-1], layout.y, 0.15))


def lay_out(specs: list[TableSpec], pt: float, header: str) -> Layout | None:
    """The page: running header, the tables in order; None when they do not fit."""
    layout = Layout()
    layout.items.append(Text(RIGHT, 15.0, header, 8.0, anchor="r"))
    layout.items.append(Rule(LEFT, 17.0, RIGHT, 17.0, 0.15))
    for spec in specs:
        draw_table(layout, spec, pt)
    return layout if layout.y <= BOTTOM else None


def render_image(layout: Layout, dpi: int = 300) -> Image.Image:
    """The page as a greyscale image (what a clean 300 dpi scan would show)."""
    px = dpi / 25.4
    image = Image.new("L", (round(PAGE_W * px), round(PAGE_H * px)), 255)
    draw = ImageDraw.Draw(image)
    for item in layout.items:
        if isinstance(item, Rule):
            thick = max(1, round(item.weight * px))
            x0, y0 = round(item.x0 * px), round(item.y0 * px)
            x1, y1 = round(item.x1 * px), round(item.y1 * px)
            draw.rectangle((x0, y0, max(x1, x0 + thick - 1), max(y1, y0 + thick - 1)), fill=0)
        else:
            face = font(SANS_BOLD if item.bold else SANS, round(item.pt * dpi / 72))
            anchor = {"l": "ls", "r": "rs", "m": "ms"}[item.anchor]
            draw.text((item.x * px, item.y * px), item.text, font=face, fill=0, anchor=anchor)
    return image


def render_pdf(layouts: list[Layout], path: Path) -> Path:
    """Born-digital pages: real text (DejaVu embedded) and ruling lines (fpdf2)."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_creator("Pustaka bench tables")
    pdf.add_font("DejaVu", fname=FONT_DIR + SANS)
    pdf.add_font("DejaVu", style="B", fname=FONT_DIR + SANS_BOLD)
    pdf.set_auto_page_break(False)
    for layout in layouts:
        pdf.add_page()
        for item in layout.items:
            if isinstance(item, Rule):
                pdf.set_line_width(item.weight)
                pdf.line(item.x0, item.y0, item.x1, item.y1)
                continue
            pdf.set_font("DejaVu", style="B" if item.bold else "", size=item.pt)
            width = pdf.get_string_width(item.text)
            x = {"l": item.x, "r": item.x - width, "m": item.x - width / 2}[item.anchor]
            pdf.text(x, item.y, item.text)
    pdf.output(str(path))
    return path
