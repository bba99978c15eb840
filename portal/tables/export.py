"""A table (or all of a publication's) as a spreadsheet: figures typed as numbers.

Each sheet is named by the table's number and carries the title (Indonesian and
English), the publication and page it came from, the header as printed (a merged
upper level stays merged), the rows, then the source and footnotes. A dash or ellipsis
is an empty cell with the printed mark kept as a cell note. Text that a spreadsheet
would run as a formula is written as plain text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from catalogue.exchange.cells import SafeCsvWriter, needs_neutralising
from workers.pipeline.tables.numbers import parse_figure

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class TableSheet:
    """One table ready to write, corrections already applied."""

    number: str
    title: str
    title_en: str
    publication: str
    page: int
    columns: list[str]
    rows: list[list[str]]
    header: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    notes: list[str] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)


def cell_value(text: str, col: int) -> tuple[Any, str, str]:
    """(value to write, number format, note): numbers as numbers outside the label column."""
    if col == 0:
        return text or None, "", ""
    parsed = parse_figure(text)
    if parsed.kind == "number":
        fmt = "#,##0" + ("." + "0" * parsed.decimals if parsed.decimals else "")
        if parsed.percent:
            fmt += '"%"'
        return parsed.value, fmt, parsed.note
    if parsed.kind == "na":
        return None, "", parsed.note
    return text or None, "", ""


def _text(cell: Cell, text: str) -> None:
    """Plain text, never a formula (the one rule of ``catalogue.exchange.cells``); in XLSX
    a text cell marked as a string with a quote prefix, so no apostrophe shows."""
    cell.value = text
    if needs_neutralising(text):
        cell.data_type = "s"
        cell.quotePrefix = True


def sheet_name(number: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub("-", f"Tabel {number}".strip() if number else "Tabel")[:28]
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} ({n})", n + 1
    taken.add(name.lower())
    return name


def write_sheet(ws: Worksheet, table: TableSheet) -> None:
    bold = Font(bold=True)
    _text(ws.cell(1, 1), f"Tabel {table.number} {table.title}".strip())
    ws.cell(1, 1).font = bold
    _text(ws.cell(2, 1), f"Table {table.number} {table.title_en}".strip() if table.title_en else "")
    _text(ws.cell(3, 1), f"{table.publication}, halaman {table.page}")
    top = 5
    levels = 1 + max((h.get("row", 0) for h in table.header), default=0)
    if table.header:
        for h in table.header:
            cell = ws.cell(top + h["row"], h["col"] + 1)
            _text(cell, h["text"])
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            last_row = top + h["row"] + h.get("rowspan", 1) - 1
            last_col = h["col"] + h.get("span", 1)
            if last_row > top + h["row"] or last_col > h["col"] + 1:
                ws.merge_cells(
                    start_row=top + h["row"],
                    start_column=h["col"] + 1,
                    end_row=last_row,
                    end_column=last_col,
                )
    else:
        for c, name in enumerate(table.columns):
            _text(ws.cell(top, c + 1), name)
            ws.cell(top, c + 1).font = bold
    first = top + levels
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            value, fmt, note = cell_value(text, c)
            cell = ws.cell(first + r, c + 1)
            if isinstance(value, str):
                _text(cell, value)
            else:
                cell.value = value
            if fmt:
                cell.number_format = fmt
            if note:
                cell.comment = Comment(f"Tercetak/printed: {note}", "Pustaka")
            if r in table.totals:
                cell.font = bold
    after = first + len(table.rows) + 1
    for offset, line in enumerate([table.source, *table.notes]):
        if line:
            _text(ws.cell(after + offset, 1), line)
    ws.column_dimensions["A"].width = 36
    for c in range(2, len(table.columns) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14


def workbook_bytes(tables: Sequence[TableSheet]) -> bytes:
    """An XLSX with one sheet per table, in page order."""
    book = Workbook()
    default = book.active
    taken: set[str] = set()
    for table in tables:
        write_sheet(book.create_sheet(sheet_name(table.number, taken)), table)
    if tables and default is not None:
        book.remove(default)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(table: TableSheet) -> str:
    """One table as CSV: column names, then rows; figures in plain machine form (94821,
    66.37), the label column and other text as printed, formula-like text made plain."""
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(table.columns)
    for row in table.rows:
        values = [cell_value(text, c)[0] for c, text in enumerate(row)]
        writer.writerow(["" if value is None else value for value in values])
    return out.getvalue()
