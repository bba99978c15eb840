"""One table per figure: the chart, the HTML table, the CSV and the XLSX all read it.

A row is ``[key, value, value, …]``: the key is text, a ``date`` (a day) or a
``Month``; values are ``int``, ``Decimal``/``float`` or ``None`` (no data). Nothing is
formatted here, so exports keep numbers as numbers and dates as dates; the template and
the chart script show them. How a table is charted travels with it (``Chart``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

from catalogue.exchange.cells import safe_cell

Number = int | float | Decimal | None


@dataclass(frozen=True)
class Month:
    """A calendar month as a row key (shown "Nov 2026", exported as its first day)."""

    year: int
    month: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def code(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


@dataclass(frozen=True)
class Chart:
    kind: str = "bar"  # "bar" or "line" (Chart.js types)
    stacked: bool = False
    horizontal: bool = False
    series: tuple[int, ...] = ()  # value columns to draw (1-based like the table); all if ()
    line: str = ""  # "VALUE|LABEL": a reference line
    line_axis: str = ""  # "x" to draw it across a category axis (e.g. between buckets)
    bands: str = ""  # "LOW:HIGH:LABEL,…": shaded value bands
    min: float | None = None
    max: float | None = None


@dataclass
class Table:
    code: str  # id in the page and the sheet's name
    title: Any  # translated lazily
    columns: list[Any]  # first the key column's heading, then one per value
    rows: list[list[Any]] = field(default_factory=list)
    chart: Chart | None = field(default_factory=Chart)
    total: list[Any] | None = None  # an extra row, shown and exported, never plotted
    note: Any = ""

    def all_rows(self) -> list[list[Any]]:
        return self.rows + ([self.total] if self.total else [])


def key_text(key: Any) -> str:
    if isinstance(key, Month):
        return key.code
    if isinstance(key, date):
        return key.isoformat()
    return str(key)


def plain(value: Any) -> Any:
    """A value as JSON/CSV/XLSX want it: Decimal → float, Month → its first day."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Month):
        return value.first_day
    if isinstance(value, Promise):  # a lazily translated label
        return str(value)
    return value


def export_cell(value: Any) -> Any:
    """A cell for CSV/XLSX: plain, and text that a spreadsheet would run made harmless."""
    value = plain(value)
    return safe_cell(value) if isinstance(value, str) else value


def table_csv(table: Table) -> str:
    """One table as CSV (UTF-8 with BOM for spreadsheets; dates ISO, numbers plain)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(str(heading)) for heading in table.columns])
    for row in table.all_rows():
        key = row[0] if isinstance(row[0], str | Promise) else key_text(row[0])
        writer.writerow(["" if c is None else export_cell(c) for c in [key, *row[1:]]])
    return out.getvalue()


def tables_xlsx(tables: list[Table], *, title: str) -> bytes:
    """All tables in one workbook, a sheet per table: numbers as numbers, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=table.code[:31])
        sheet.append([str(table.title)])
        sheet["A1"].font = Font(bold=True)
        sheet.append([str(heading) for heading in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.all_rows():
            sheet.append([export_cell(c) for c in row])
            key = sheet.cell(row=sheet.max_row, column=1)
            if isinstance(row[0], Month):
                key.number_format = "mmm yyyy"
            elif isinstance(row[0], date):
                key.number_format = "yyyy-mm-dd"
        sheet.column_dimensions["A"].width = max(14, min(60, _widest(table)))
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _widest(table: Table) -> int:
    return max([len(key_text(row[0])) for row in table.all_rows()] + [10]) + 2
