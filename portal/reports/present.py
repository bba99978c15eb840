"""A table as the template shows it: formatted text beside the plain value of each cell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import formats

from portal.reports.tables import Month, Table, plain


@dataclass
class Cell:
    text: str
    value: Any  # what the chart reads (data-value); "" when there is none


def _key(key: Any) -> str:
    if isinstance(key, Month):
        return formats.date_format(key.first_day, "M Y")
    if isinstance(key, date):
        return formats.date_format(key, "D j M")
    return str(key)


def _cell(value: Any) -> Cell:
    if value is None:
        return Cell("—", "")
    if isinstance(value, Decimal | float):
        return Cell(formats.number_format(value, 2), plain(value))
    if isinstance(value, int):
        return Cell(formats.number_format(value, 0, force_grouping=True), value)
    return Cell(str(value), "")


def table_view(table: Table) -> dict[str, Any]:
    chart = table.chart
    return {
        "code": table.code,
        "title": table.title,
        "columns": table.columns,
        "rows": [(_key(row[0]), [_cell(v) for v in row[1:]]) for row in table.rows],
        "total": (_key(table.total[0]), [_cell(v) for v in table.total[1:]])
        if table.total
        else None,
        "chart": chart,
        "series": ",".join(str(n) for n in chart.series) if chart else "",
        "note": table.note,
    }
