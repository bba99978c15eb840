"""Draws a BPS-style table: bilingual title, ruled header, column numbers, rows, source."""

from __future__ import annotations

from bench.corpus_layout import SANS, SANS_BOLD, Canvas, Font, digits_of, font, wrap
from bench.corpus_types import Table

MIN_PT = 7.0
Cell = tuple[float, str, str]  # x, text, PIL anchor ("ls" left, "rs" right, "ms" centre)


def column_widths(block: Table, face: Font, bold: Font, pad: float) -> list[float]:
    """The natural width of each column: widest header line, cell or column number."""
    widths = []
    for col, header in enumerate(block.headers):
        texts = [f"({col + 1})", *header, *(row[col] for row in block.rows)]
        natural = max(face.getlength(t) for t in texts)
        if block.total and col < len(block.total):
            natural = max(natural, bold.getlength(block.total[col]))
        widths.append(natural + 2 * pad)
    return widths


def fit(canvas: Canvas, block: Table) -> tuple[float, list[float]] | None:
    """The largest type size (≤ the style's) at which the table fits the text width."""
    size_pt = canvas.style.table_pt
    while size_pt >= MIN_PT:
        size = canvas.pt(size_pt)
        face, bold = font(SANS, size), font(SANS_BOLD, size)
        widths = column_widths(block, face, bold, size * 0.7)
        if sum(widths) <= canvas.width:
            extra = (canvas.width - sum(widths)) / max(1, len(widths) - 1)
            return size_pt, [widths[0]] + [w + extra for w in widths[1:]]
        size_pt -= 0.5
    return None


def cells_line(canvas: Canvas, cells: list[Cell], face: Font, height: float) -> None:
    """Draw cells vertically centred in a row of ``height``; record them as one line."""
    ascent, descent = face.getmetrics()
    baseline = canvas.y + (height - ascent - descent) / 2 + ascent
    for x, text, anchor in cells:
        canvas.draw.text((x, baseline), text, font=face, fill=0, anchor=anchor)
    canvas.lines.append(" ".join(text for _, text, _ in cells))
    canvas.y += height


def title_lines(canvas: Canvas, block: Table, size: int) -> list[tuple[str, Font]]:
    """The wrapped Indonesian (bold) and English title lines."""
    bold, face = font(SANS_BOLD, size + 2), font(SANS, size + 2)
    lines = [(t, bold) for t in wrap(f"Tabel {block.number} {block.title}", bold, canvas.width)]
    lines += [(t, face) for t in wrap(f"Table {block.number} {block.title_en}", face, canvas.width)]
    return lines


def table_height(block: Table, titles: int, size: int) -> float:
    """Vertical space the table needs, title to source line (as ``table`` draws it)."""
    header = max(len(h) for h in block.headers)
    rows = len(block.rows) + (1 if block.total else 0)
    title = titles * (size + 2) * 1.35 + size * 0.8
    return title + (0.6 + header * 1.3 + 1.6 + rows * 1.55 + 0.4 + 0.5 + 1.6) * size


def row_cells(edges: list[float], cells: list[str], pad: float) -> list[Cell]:
    """First column left-aligned, the others right-aligned; empty cells skipped."""
    result: list[Cell] = []
    for col, text in enumerate(cells):
        if not text:
            continue
        if col == 0:
            result.append((edges[0] + pad, text, "ls"))
        else:
            result.append((edges[col + 1] - pad, text, "rs"))
    return result


def table(canvas: Canvas, block: Table) -> bool:
    """Draw the whole table if it fits the rest of the page; report whether it did."""
    fitted = fit(canvas, block)
    if fitted is None:
        return False
    size_pt, widths = fitted
    size = canvas.pt(size_pt)
    titles = title_lines(canvas, block, size)
    gap_before = size * 1.5 if canvas.lines[1:] else 0
    if canvas.room() < gap_before + table_height(block, len(titles), size):
        return False
    canvas.y += gap_before
    for text, face in titles:
        canvas.text_line(canvas.left, text, face, (size + 2) * 1.35)
    canvas.y += size * 0.8
    edges = [float(canvas.left)]
    for w in widths:
        edges.append(edges[-1] + w)
    draw_header(canvas, block, edges, size)
    draw_body(canvas, block, edges, size)
    face = font(SANS, canvas.pt(max(MIN_PT, size_pt - 0.5)))
    canvas.y += size * 0.5
    canvas.text_line(canvas.left, block.source, face, size * 1.6)
    return True


def draw_header(canvas: Canvas, block: Table, edges: list[float], size: int) -> None:
    """Top rule, centred header lines (top-aligned per column), rule, column numbers, rule."""
    face = font(SANS, size)
    canvas.rule(edges[0], edges[-1], 0.35)
    canvas.y += size * 0.3
    for j in range(max(len(h) for h in block.headers)):
        cells = [
            ((edges[c] + edges[c + 1]) / 2, h[j], "ms")
            for c, h in enumerate(block.headers)
            if len(h) > j
        ]
        cells_line(canvas, cells, face, size * 1.3)
    canvas.y += size * 0.3
    canvas.rule(edges[0], edges[-1], 0.2)
    numbers = [((edges[c] + edges[c + 1]) / 2, f"({c + 1})", "ms") for c in range(len(edges) - 1)]
    cells_line(canvas, numbers, face, size * 1.4)
    canvas.rule(edges[0], edges[-1], 0.2)
    canvas.y += size * 0.2


def draw_body(canvas: Canvas, block: Table, edges: list[float], size: int) -> None:
    """Data rows, the total row in bold under a thin rule, and the bottom rule."""
    face, bold, pad = font(SANS, size), font(SANS_BOLD, size), size * 0.7
    for row in block.rows:
        cells_line(canvas, row_cells(edges, row, pad), face, size * 1.55)
        canvas.digits.append(digits_of(row))
    if block.total:
        canvas.rule(edges[0], edges[-1], 0.15)
        cells_line(canvas, row_cells(edges, block.total, pad), bold, size * 1.55)
        canvas.digits.append(digits_of(block.total))
    canvas.rule(edges[0], edges[-1], 0.35)
    canvas.y += size * 0.4
