"""Charts drawn as vectors into the monthly PDF (fpdf2), from the same tables as the pages.

Bar (vertical or horizontal, plain or stacked) and line charts, with the reference line
(the 5-minute promise) and value bands (IKM A–D) the page charts have. No image library:
rectangles and lines only, so the printed report stays sharp and small.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from fpdf import FPDF

from portal.reports.tables import Chart, Month, Table, plain

COLOURS = [(11, 92, 173), (217, 130, 43), (31, 122, 58), (179, 38, 30), (106, 76, 147)]
BANDS = [(251, 227, 225), (255, 241, 214), (232, 241, 251), (223, 243, 228)]
MUTED = (91, 103, 117)


@dataclass(frozen=True)
class Plot:
    """One chart to draw: its table, series and box (x, y, width, height in millimetres)."""

    pdf: FPDF
    table: Table
    chart: Chart
    labels: list[str]
    series: list[tuple[str, list[float]]]
    box: tuple[float, float, float, float]


def short_key(key: Any) -> str:
    if isinstance(key, Month):
        return key.first_day.strftime("%m/%y")
    if isinstance(key, date):
        return str(key.day)
    return str(key)


def _series(table: Table) -> tuple[list[str], list[tuple[str, list[float]]]]:
    chart = table.chart
    assert chart is not None
    columns = list(chart.series) or list(range(1, len(table.columns)))
    labels = [short_key(row[0]) for row in table.rows]
    series = []
    for col in columns:
        values = []
        for row in table.rows:
            value = plain(row[col]) if col < len(row) else None
            values.append(float(value) if isinstance(value, int | float) else 0.0)
        series.append((str(table.columns[col]), values))
    return labels, series


def draw_chart(pdf: FPDF, table: Table, x: float, y: float, w: float, h: float) -> None:
    """Draw ``table``'s chart in the box (x, y, w, h) in millimetres."""
    chart = table.chart
    if chart is None or not table.rows:
        return
    labels, series = _series(table)
    legend = 6.0 if len(series) > 1 else 0.0
    plot = Plot(pdf, table, chart, labels, series, (x, y, w, h - legend))
    if chart.horizontal:
        _horizontal(plot)
    else:
        _vertical(plot)
    if legend:
        _legend(pdf, series, x, y + h - legend + 1.5)


def _top(table: Table, series: list[tuple[str, list[float]]], stacked: bool) -> tuple[float, float]:
    chart = table.chart
    assert chart is not None
    if stacked:
        peak = max((sum(v) for v in zip(*(s for _, s in series), strict=True)), default=0.0)
    else:
        peak = max((max(s, default=0.0) for _, s in series), default=0.0)
    low = chart.min if chart.min is not None else 0.0
    high = chart.max if chart.max is not None else _nice(peak)
    return low, max(high, low + 1)


def _nice(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** len(str(int(value))) / 10
    return float(int(value / step + 1) * step) if step >= 1 else float(int(value) + 1)


def _vertical(plot: Plot) -> None:
    pdf, table, chart, labels, series = plot.pdf, plot.table, plot.chart, plot.labels, plot.series
    x, y, w, h = plot.box
    left, bottom = x + 10, y + h - 6
    width, height = w - 12, h - 8
    low, high = _top(table, series, chart.stacked)
    scale = height / (high - low)
    _bands(pdf, chart.bands, low, high, left, bottom, width, scale)
    _axis(pdf, left, bottom, width, height, low, high)
    slot = width / max(len(labels), 1)
    if chart.kind == "line":
        for index, (_, values) in enumerate(series):
            pdf.set_draw_color(*COLOURS[index % len(COLOURS)])
            pdf.set_line_width(0.6)
            points = [
                (left + slot * (i + 0.5), bottom - (v - low) * scale)
                for i, v in enumerate(values)
                if v
            ]
            for a, b in itertools.pairwise(points):
                pdf.line(a[0], a[1], b[0], b[1])
            for px, py in points:
                pdf.set_fill_color(*COLOURS[index % len(COLOURS)])
                pdf.rect(px - 0.8, py - 0.8, 1.6, 1.6, style="F")
    else:
        bar = slot * 0.7 / (1 if chart.stacked else len(series))
        for i in range(len(labels)):
            base = bottom
            for index, (_, values) in enumerate(series):
                size = max(values[i] - (0 if chart.stacked else low), 0) * scale
                pdf.set_fill_color(*COLOURS[index % len(COLOURS)])
                offset = 0 if chart.stacked else index * bar
                start = left + slot * i + slot * 0.15 + offset
                pdf.rect(start, base - size, bar, size, style="F")
                if chart.stacked:
                    base -= size
    every = max(1, len(labels) // 16)
    pdf.set_font(size=6)
    pdf.set_text_color(*MUTED)
    for i, label in enumerate(labels):
        if i % every == 0:
            pdf.text(left + slot * i + 0.5, bottom + 3.5, label[:8])
    if chart.line:
        value, name = chart.line.split("|")
        if chart.line_axis == "x":
            at = left + slot * (float(value) + 0.5)
            _reference(pdf, at, y + 1, at, bottom, name)
        else:
            at = bottom - (float(value) - low) * scale
            _reference(pdf, left, at, left + width, at, name)


def _horizontal(plot: Plot) -> None:
    pdf, table, chart, labels, series = plot.pdf, plot.table, plot.chart, plot.labels, plot.series
    x, y, w, h = plot.box
    label_width = min(70.0, w * 0.4)
    left, top = x + label_width, y + 1
    width = w - label_width - 8
    low, high = _top(table, series, chart.stacked)
    scale = width / (high - low)
    row = min(7.0, (h - 4) / max(len(labels), 1))
    pdf.set_font(size=7)
    for i, label in enumerate(labels):
        middle = top + row * i + row / 2
        pdf.set_text_color(*MUTED)
        text = label if pdf.get_string_width(label) < label_width - 2 else label[:38] + "…"
        pdf.text(x, middle + 1, text)
        start = left
        for index, (_, values) in enumerate(series):
            size = max(values[i] - low, 0) * scale
            pdf.set_fill_color(*COLOURS[index % len(COLOURS)])
            pdf.rect(start, middle - row * 0.3, size, row * 0.6, style="F")
            if chart.stacked:
                start += size
        pdf.set_text_color(0, 0, 0)
        total = sum(values[i] for _, values in series) if chart.stacked else series[0][1][i]
        pdf.text(start + 1 if chart.stacked else left + size + 1, middle + 1, _fmt(total))
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    pdf.line(left, top, left, top + row * len(labels))


def _axis(
    pdf: FPDF, left: float, bottom: float, width: float, height: float, low: float, high: float
) -> None:
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    pdf.line(left, bottom, left + width, bottom)
    pdf.line(left, bottom, left, bottom - height)
    pdf.set_font(size=6)
    pdf.set_text_color(*MUTED)
    for step in range(3):
        value = low + (high - low) * step / 2
        at = bottom - height * step / 2
        pdf.text(left - 9, at + 1, _fmt(value))


def _bands(
    pdf: FPDF,
    bands: str,
    low: float,
    high: float,
    left: float,
    bottom: float,
    width: float,
    scale: float,
) -> None:
    for index, band in enumerate(part for part in bands.split(",") if part):
        start, end, name = band.split(":")
        top = bottom - (min(float(end), high) - low) * scale
        base = bottom - (max(float(start), low) - low) * scale
        pdf.set_fill_color(*BANDS[index % len(BANDS)])
        pdf.rect(left, top, width, base - top, style="F")
        pdf.set_font(size=7)
        pdf.set_text_color(*MUTED)
        pdf.text(left + width - 5, top + 3.5, name)


def _reference(pdf: FPDF, x1: float, y1: float, x2: float, y2: float, name: str) -> None:
    pdf.set_draw_color(179, 38, 30)
    pdf.set_line_width(0.5)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=1.5, gap=1)
        pdf.line(x1, y1, x2, y2)
    pdf.set_text_color(179, 38, 30)
    pdf.set_font(size=7)
    pdf.text(x1 + 1, y1 + 3, name)


def _legend(pdf: FPDF, series: list[tuple[str, list[float]]], x: float, y: float) -> None:
    pdf.set_font(size=6.5)
    at = x + 10
    for index, (name, _) in enumerate(series):
        pdf.set_fill_color(*COLOURS[index % len(COLOURS)])
        pdf.rect(at, y, 3, 2.5, style="F")
        pdf.set_text_color(*MUTED)
        pdf.text(at + 4, y + 2.3, name)
        at += 6 + pdf.get_string_width(name)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
