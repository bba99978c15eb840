"""Find the tables of a page by their numbered column row "(1) (2) (3) …".

Every BPS table prints that row under its header: it says how many columns there are
and where each one is, and prose never has it, so a text-only page yields no table.
Above it are the header and the title ("Tabel 3.3 …" and "Table 3.3 …"); below it the
rows, then the source and footnotes.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from workers.pipeline.tables.grid import build_table
from workers.pipeline.tables.lines import Line, group_lines, is_ink, median_height
from workers.pipeline.tables.model import PageWords, Table

_COLUMN_NUMBER = re.compile(r"^[(\[{]([0-9Il|]{1,2})[)\]}]?$|^([0-9Il|]{1,2})[)\]}]$")
_TITLE = re.compile(r"^(tabel|table)$", re.I)
_TABLE_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9A-Za-z]+)*\.?:?$")
_NOTE = re.compile(
    r"^(sumber|source|catatan|note|notes|keterangan|ket\.|\*+\)?|[0-9a-z]\)|[¹²³])", re.I
)
_SOURCE = re.compile(r"^(sumber|source)\b", re.I)
MAX_TITLE_DISTANCE = 14  # lines between a title and its column-number row


@dataclass
class Region:
    """Lines of one table: title, header, column-number row, body, footnotes."""

    title: list[Line]
    header: list[Line]
    numbers: Line
    centres: list[float]
    body: list[Line]
    notes: list[Line]


def find_tables(page: PageWords) -> list[Table]:
    """Every table on the page, top to bottom."""
    words = [w for w in page.words if w.text.strip()]
    if not words:
        return []
    height = median_height(words)
    lines = group_lines(words, height)
    anchors = [(i, c) for i, line in enumerate(lines) if (c := column_centres(line))]
    tables = []
    floor = 0
    for n, (index, centres) in enumerate(anchors):
        ceiling = anchors[n + 1][0] if n + 1 < len(anchors) else len(lines)
        region = carve(lines, index, centres, floor, ceiling, height)
        if region is None or not region.body:
            continue
        tables.append(build_table(region, page, height))
        floor = index + 1 + len(region.body) + len(region.notes)
    return tables


def column_centres(line: Line) -> list[float] | None:
    """Centres of "(1) (2) … (k)" when the line is a column-number row, else None."""
    found: dict[int, float] = {}
    for word in line.words:
        match = _COLUMN_NUMBER.match(word.text)
        if not match:
            return None
        digits = (match.group(1) or match.group(2)).replace("I", "1").replace("l", "1")
        digits = digits.replace("|", "1")
        found.setdefault(int(digits), word.cx)
    if len(found) < 2 or min(found) != 1 or max(found) > len(found) + 1:
        return None
    k = max(found)
    known = sorted(found)
    centres = []
    for j in range(1, k + 1):  # a number OCR lost is put between its neighbours
        if j in found:
            centres.append(found[j])
            continue
        left = max(i for i in known if i < j)
        right = min(i for i in known if i > j)
        share = (j - left) / (right - left)
        centres.append(found[left] + share * (found[right] - found[left]))
    return centres if all(a < b for a, b in itertools.pairwise(centres)) else None


def carve(
    lines: list[Line], index: int, centres: list[float], floor: int, ceiling: int, height: float
) -> Region | None:
    """Split the lines around a column-number row into the parts of one table."""
    title_at = _title_line(lines, index, floor)
    top = title_at if title_at is not None else _header_start(lines, index, floor, height)
    body, after = _body(lines, index + 1, ceiling, centres, height)
    notes = _notes(lines, after, ceiling, height)
    span_right = max([line.x1 for line in body] + [lines[index].x1])
    title, header = _split_title(lines[top:index], title_at is not None, span_right, height)
    return Region(title, header, lines[index], centres, body, notes)


def _title_line(lines: list[Line], index: int, floor: int) -> int | None:
    """The nearest "Tabel 3.3" line above the column-number row (Indonesian first)."""
    start = max(floor, index - MAX_TITLE_DISTANCE)
    found = None
    for i in range(index - 1, start - 1, -1):
        words = lines[i].words
        if len(words) >= 2 and _TITLE.match(words[0].text) and _TABLE_NUMBER.match(words[1].text):
            found = i
            if words[0].text.lower() == "tabel":
                return i
    return found


def _header_start(lines: list[Line], index: int, floor: int, height: float) -> int:
    """Without a title: header lines sit close above the column-number row."""
    top = index
    while top - 1 >= floor and index - top < 6:
        if lines[top].y0 - lines[top - 1].y1 > 2.2 * height:
            break
        top -= 1
    return top


def _split_title(
    lines: list[Line], has_title: bool, right: float, height: float
) -> tuple[list[Line], list[Line]]:
    """Title lines (a "Tabel"/"Table" line and the lines it wrapped onto), then header."""
    if not has_title:
        return [], lines
    n = 1
    while n < len(lines):
        line, previous = lines[n], lines[n - 1]
        starts = _TITLE.match(line.words[0].text) is not None
        wrapped = previous.x1 >= lines[0].x0 + 0.75 * (right - lines[0].x0)
        aligned = abs(line.x0 - lines[0].x0) <= 1.5 * height
        single = len(line.runs(1.2 * height)) == 1
        if not (starts or (wrapped and aligned and single)):
            break
        n += 1
    return lines[:n], lines[n:]


def _crosses(line: Line, centres: list[float], height: float) -> bool:
    """A run of words spanning two or more column centres: prose, not a table row."""
    for run in line.runs(1.0 * height):
        x0, x1 = run[0].x0, run[-1].x1
        if sum(1 for c in centres[1:] if x0 < c < x1) >= 2:
            return True
    return False


def _body(
    lines: list[Line], start: int, ceiling: int, centres: list[float], height: float
) -> tuple[list[Line], int]:
    """Rows until a source or footnote line, prose, a title or a wide gap."""
    body: list[Line] = []
    i = start
    while i < ceiling:
        line = lines[i]
        first = line.words[0].text
        if _NOTE.match(first) or _TITLE.match(first) or _crosses(line, centres, height):
            break
        if not any(is_ink(w, height) for w in line.words):
            i += 1
            continue
        gap = line.y0 - (body[-1].y1 if body else lines[start - 1].y1)
        if body and gap > 3.5 * height:
            break
        body.append(line)
        i += 1
    return body, i


def _notes(lines: list[Line], start: int, ceiling: int, height: float) -> list[Line]:
    """Source and footnote lines right under the body (with the lines they wrap onto)."""
    notes: list[Line] = []
    i = start
    while i < min(ceiling, start + 8):
        line = lines[i]
        if notes and line.y0 - notes[-1].y1 > 1.6 * height:
            break
        if _NOTE.match(line.words[0].text) or (notes and abs(line.x0 - notes[-1].x0) > height):
            notes.append(line)
        else:
            break
        i += 1
    return notes


def is_source(line: Line) -> bool:
    return _SOURCE.match(line.words[0].text) is not None
