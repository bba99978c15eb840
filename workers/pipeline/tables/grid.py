"""The grid of one table: column edges, rows (wrapped labels joined), header cells."""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workers.pipeline.tables.lines import Line, is_ink
from workers.pipeline.tables.model import (
    Box,
    Gap,
    HeaderCell,
    PageWords,
    Ruling,
    Table,
    Word,
)
from workers.pipeline.tables.numbers import parse_number

if TYPE_CHECKING:
    from workers.pipeline.tables.detect import Region

_TOTAL = re.compile(
    r"^(jumlah|total|kota|kabupaten|kecamatan|pdrb|rata-rata|provinsi|indonesia)\b", re.I
)
_NUMBER_PREFIX = re.compile(r"^(tabel|table)\s+\S+\s*", re.I)


def build_table(region: Region, page: PageWords, height: float) -> Table:
    """The table of a carved region: columns, rows, header, titles, notes, outline."""
    edges = column_edges(region, page.rulings, height)
    line_cells = [cells_of(line, edges) for line in region.body]
    groups = row_groups(region.body, line_cells, page.rulings, height)
    rows = [_join_cells([line_cells[i] for i in g], len(edges) + 1) for g in groups]
    bounds = (min(line.x0 for line in region.body), max(line.x1 for line in region.body))
    header, names = header_cells(region.header, region.centres, bounds, height)
    number, title, title_en = titles(region.title)
    source = " ".join(n.text for n in region.notes if _is_source(n))
    notes = [n.text for n in region.notes if not _is_source(n)]
    everything = [*region.title, *region.header, region.numbers, *region.body, *region.notes]
    right = max(line.x1 for line in region.body)
    gaps = [
        gap
        for r, g in enumerate(groups)
        for gap in _gaps(r, [region.body[i] for i in g], [line_cells[i] for i in g], right, page)
    ]
    return Table(
        number=number,
        title=title,
        title_en=title_en,
        columns=len(edges) + 1,
        header=header,
        column_names=names,
        rows=rows,
        totals=[i for i, r in enumerate(rows) if _TOTAL.match(r[0])],
        notes=notes,
        source=source,
        bbox=_fraction(_outline(everything, page.rulings, height), page),
        row_boxes=[
            _fraction(_box([w for i in g for w in region.body[i].words]), page) for g in groups
        ],
        edges=[round(e / (page.width or 1.0), 4) for e in edges],
        gaps=gaps,
    )


def _unread(col: int, cells: list[list[list[Word]]]) -> bool:
    """Nothing read in a figure cell, or something that is neither a figure nor a
    dash/ellipsis (Tesseract's guess at an "…", say)."""
    text = " ".join(w.text for cell in cells for w in cell[col])
    return not text or parse_number(text).kind == "text"


def _gaps(
    row: int, lines: list[Line], cells: list[list[list[Word]]], right: float, page: PageWords
) -> list[Gap]:
    """Runs of empty figure cells on the line of a row that has figures, each with the
    free space between its neighbours' words (a dropped word can only be there)."""
    valued = [(line, c) for line, c in zip(lines, cells, strict=True) if any(c[1:])]
    if not valued:
        return []
    line, cols = valued[0]
    empty = [c for c in range(1, len(cols)) if _unread(c, cells)]
    gaps = []
    while empty:
        first = last = empty.pop(0)
        while empty and empty[0] == last + 1:
            last = empty.pop(0)
        before = [w.x1 for c in range(first) for w in cols[c]]
        after = [w.x0 for c in range(last + 1, len(cols)) for w in cols[c]]
        x0 = max(before) if before else line.x0
        x1 = min(after) if after else right
        pad = 0.3 * (line.y1 - line.y0)
        box = (x0 + 2, line.y0 - pad, x1 - 2, line.y1 + pad)
        gaps.append(Gap(row, first, last, _fraction(box, page)))
    return gaps


def column_edges(region: Region, rulings: list[Ruling], height: float) -> list[float]:
    """x of the k - 1 borders between k columns: a vertical ruling where the PDF has one,
    else the widest gap between the body's words between two column centres."""
    centres = region.centres
    top, bottom = region.numbers.y0, region.body[-1].y1
    verticals = [
        r.x0 for r in rulings if not r.horizontal and r.y0 <= bottom and r.y1 >= top - height
    ]
    spans = sorted((w.x0, w.x1) for line in region.body for w in line.words if is_ink(w, height))
    gaps: list[tuple[float, float]] = []
    reach = spans[0][1] if spans else 0.0
    for x0, x1 in spans[1:]:
        if x0 > reach:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    edges = []
    for left, right in itertools.pairwise(centres):
        ruled = [x for x in verticals if left < x < right]
        if ruled:
            edges.append(min(ruled, key=lambda x: abs(x - (left + right) / 2)))
            continue
        inside = [(max(a, left), min(b, right)) for a, b in gaps if a < right and b > left]
        if inside:
            a, b = max(inside, key=lambda g: g[1] - g[0])
            edges.append((a + b) / 2)
        else:
            edges.append((left + right) / 2)
    return edges


def column_of(x: float, edges: list[float]) -> int:
    return sum(1 for e in edges if x > e)


def cells_of(line: Line, edges: list[float]) -> list[list[Word]]:
    """The words of a line per column (by their centres)."""
    cells: list[list[Word]] = [[] for _ in range(len(edges) + 1)]
    for word in line.words:
        cells[column_of(word.cx, edges)].append(word)
    return cells


def row_groups(
    body: list[Line], cells: list[list[list[Word]]], rulings: list[Ruling], height: float
) -> list[list[int]]:
    """Lines into rows: a line with only a row label joins the row it is set closer to
    (a label wrapped under or over its figures); a ruling between two lines parts them."""
    valued = [any(c for c in line[1:]) for line in cells]
    pairs = [
        b.cy - a.cy
        for a, b, va, vb in zip(body, body[1:], valued, valued[1:], strict=False)
        if va and vb
    ]
    typical = statistics.median(pairs) if pairs else None
    groups: list[list[int]] = []
    i = 0
    while i < len(body):
        if valued[i]:
            groups.append([i])
            i += 1
            continue
        run = [i]
        while run[-1] + 1 < len(body) and not valued[run[-1] + 1]:
            run.append(run[-1] + 1)
        above = run[0] - 1 if run[0] > 0 else None
        below = run[-1] + 1 if run[-1] + 1 < len(body) else None
        target = _closer(body, run, above, below, rulings, typical)
        if target == "above" and groups:
            groups[-1].extend(run)
        elif target == "below" and below is not None:
            groups.append([*run, below])
            run.append(below)
        else:
            groups.extend([[j] for j in run])
        i = run[-1] + 1
    return groups


def _closer(
    body: list[Line],
    run: list[int],
    above: int | None,
    below: int | None,
    rulings: list[Ruling],
    typical: float | None,
) -> str:
    """Which neighbour ("above", "below") a run of label-only lines belongs to, or ""
    when it is a row of its own (a group heading set at the usual row distance)."""
    inner = [body[b].cy - body[a].cy for a, b in itertools.pairwise(run)]
    options = {}
    if above is not None and not _ruled(body[above], body[run[0]], rulings):
        options["above"] = body[run[0]].cy - body[above].cy
    if below is not None and not _ruled(body[run[-1]], body[below], rulings):
        options["below"] = body[below].cy - body[run[-1]].cy
    if not options:
        return ""
    nearest = min(options, key=lambda k: options[k])
    gap = options[nearest]
    if any(g > 1.2 * gap for g in inner):
        return ""
    if len(options) == 2 and max(options.values()) < 1.2 * gap:
        return ""  # as far from both: a row of its own
    if len(options) == 1 and typical is not None and gap > 0.85 * typical:
        return ""  # only one neighbour, at the usual row distance: a row of its own
    return nearest


def _ruled(upper: Line, lower: Line, rulings: list[Ruling]) -> bool:
    """A horizontal ruling between two lines that starts at or left of their words."""
    left = min(upper.x0, lower.x0)
    return any(
        r.horizontal and upper.cy < r.y0 < lower.cy and r.x0 <= left + 2 and r.x1 > left
        for r in rulings
    )


def _join_cells(lines: list[list[list[Word]]], columns: int) -> list[str]:
    return [
        " ".join(" ".join(w.text for w in line[c]) for line in lines if line[c])
        for c in range(columns)
    ]


def header_cells(
    lines: list[Line], centres: list[float], bounds: tuple[float, float], height: float
) -> tuple[list[HeaderCell], list[str]]:
    """Header cells, a spanning (merged) upper level over its sub-columns when printed,
    and one flat name per column ("Penduduk Population Laki-laki Male").

    A phrase belongs to the column whose centre (from "(n)") is nearest; it spans more
    when it passes over a neighbour's centre, or when it is centred over columns whose
    own headings start only under it (the merged level of a two-level header).
    """
    columns = len(centres)
    runs = [
        (li, run[0].x0, run[-1].x1, " ".join(w.text for w in run))
        for li, line in enumerate(lines)
        for run in line.runs(0.9 * height)
    ]
    first = [10**6] * columns
    placed: list[_Phrase] = []
    for li, x0, x1, text in runs:
        mid = (x0 + x1) / 2
        a = b = min(range(columns), key=lambda c: abs(centres[c] - mid))
        while a > 0 and x0 < centres[a - 1]:
            a -= 1
        while b + 1 < columns and x1 > centres[b + 1]:
            b += 1
        placed.append(_Phrase(li, a, b, mid, text))
        if a == b:
            first[a] = min(first[a], li)
    for item in placed:
        below = any(p.line > item.line and p.a == p.b and item.a <= p.a <= item.b for p in placed)
        if below:
            item.a, item.b = _widen(item.line, item.a, item.b, item.mid, first, centres, bounds)
    own: list[list[str]] = [[] for _ in range(columns)]
    spans: dict[tuple[int, int], list[str]] = {}
    for phrase in placed:
        a, b, text = phrase.a, phrase.b, phrase.text
        if b > a:
            spans.setdefault((a, b), []).append(text)
        else:
            own[a].append(text)
    names = []
    for c in range(columns):
        over = [" ".join(t) for (a, b), t in spans.items() if a <= c <= b]
        names.append(" ".join([*over, *own[c]]))
    if not spans:
        return [HeaderCell(0, c, " ".join(own[c])) for c in range(columns)], names
    covered = {c for a, b in spans for c in range(a, b + 1)}
    cells = [HeaderCell(0, a, " ".join(t), span=b - a + 1) for (a, b), t in sorted(spans.items())]
    for c in range(columns):
        if c in covered:
            cells.append(HeaderCell(1, c, " ".join(own[c])))
        else:
            cells.append(HeaderCell(0, c, " ".join(own[c]), rowspan=2))
    cells.sort(key=lambda h: (h.row, h.col))
    return cells, names


@dataclass
class _Phrase:
    """A header phrase on header line ``line`` over columns ``a``..``b``."""

    line: int
    a: int
    b: int
    mid: float
    text: str


def _widen(
    li: int,
    a: int,
    b: int,
    mid: float,
    first: list[int],
    centres: list[float],
    bounds: tuple[float, float],
) -> tuple[int, int]:
    """Widen a phrase over the neighbours whose headings start on one lower line, when it
    is centred over the widened range."""
    starts = [first[c] for c in (a - 1, b + 1) if 0 <= c < len(first) and li < first[c] < 10**6]
    if not starts:
        return a, b
    line = min(starts)
    a2, b2 = a, b
    while a2 > 0 and first[a2 - 1] == line:
        a2 -= 1
    while b2 + 1 < len(first) and first[b2 + 1] == line:
        b2 += 1
    left = (centres[a2 - 1] + centres[a2]) / 2 if a2 > 0 else bounds[0]
    right = (centres[b2] + centres[b2 + 1]) / 2 if b2 + 1 < len(centres) else bounds[1]
    if abs(mid - (left + right) / 2) <= 0.15 * (right - left):
        return a2, b2
    return a, b


def titles(lines: list[Line]) -> tuple[str, str, str]:
    """The table number and its Indonesian and English titles, each joined over the
    lines it wraps onto."""
    indonesian: list[str] = []
    english: list[str] = []
    number = ""
    target = indonesian
    for line in lines:
        first = line.words[0].text.lower()
        if first in ("tabel", "table") and len(line.words) > 1:
            number = number or line.words[1].text.rstrip(".:")
            target = indonesian if first == "tabel" else english
            target.append(_NUMBER_PREFIX.sub("", line.text, count=1))
        else:
            target.append(line.text)
    return number, " ".join(indonesian).strip(), " ".join(english).strip()


def _is_source(line: Line) -> bool:
    return line.words[0].text.lower().startswith(("sumber", "source"))


def _box(words: list[Word]) -> Box:
    return (
        min(w.x0 for w in words),
        min(w.y0 for w in words),
        max(w.x1 for w in words),
        max(w.y1 for w in words),
    )


def _outline(lines: list[Line], rulings: list[Ruling], height: float) -> Box:
    """Around the table's words, and the ruling lines that frame them (a born-digital
    page's borders), with a little room."""
    x0, y0, x1, y1 = _box([w for line in lines for w in line.words])
    for r in rulings:
        if y0 - height <= r.y0 <= y1 + height and r.x1 > x0 and r.x0 < x1:
            x0, x1 = min(x0, r.x0), max(x1, r.x1)
            y0, y1 = min(y0, r.y0), max(y1, r.y1)
    return _grow((x0, y0, x1, y1), height)


def _grow(box: Box, by: float) -> Box:
    """A little room around the words, so an outline drawn on the page clears them."""
    return (box[0] - 0.6 * by, box[1] - 0.6 * by, box[2] + 0.6 * by, box[3] + 0.6 * by)


def _fraction(box: Box, page: PageWords) -> Box:
    w, h = page.width or 1.0, page.height or 1.0
    return (
        round(box[0] / w, 4),
        round(box[1] / h, 4),
        round(box[2] / w, 4),
        round(box[3] / h, 4),
    )
