"""*Laporan Bulanan Perpustakaan PST*: every report topic of a month as one printable PDF.

The same tables as the pages, CSV and XLSX (``portal.reports.topics``), each with its chart
drawn as vectors (``pdf_charts``) and its figures below it; A4 portrait, DejaVu fonts so
Indonesian text prints as written. Built in memory for the head of office.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from portal.reports.pdf_charts import draw_chart
from portal.reports.present import table_view
from portal.reports.tables import Month, Table
from portal.reports.topics import Topic

FONTS = "/usr/share/fonts/truetype/dejavu"
WIDTH = 180.0  # A4 (210 mm) less two 15 mm margins
CHART_HEIGHT = 62.0
ROW = 5.0


class ReportPdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report_title = title
        self.add_font("DejaVu", "", f"{FONTS}/DejaVuSans.ttf")
        self.add_font("DejaVu", "B", f"{FONTS}/DejaVuSans-Bold.ttf")
        self.set_font("DejaVu", size=9)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=15)
        self.set_title(title)
        self.set_author(settings.OAI_REPOSITORY_NAME)
        self.set_creator("Pustaka")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font("DejaVu", size=7)
        self.set_text_color(91, 103, 117)
        self.cell(0, 5, f"{self.report_title} — {self.page_no()}", align="C")


def monthly_report_pdf(*, month: Month, topics: list[Topic]) -> bytes:
    """The month's report with the topics given (those the reader may see)."""
    label = formats.date_format(month.first_day, "F Y")
    pdf = ReportPdf(f"{_('Laporan Bulanan Perpustakaan PST')} {label}")
    built = [(topic, topic.build(month)) for topic in topics]
    _cover(pdf, label, built)
    for topic, tables in built:
        pdf.add_page()
        _heading(pdf, str(topic.title), size=15)
        for table in tables:
            _figure(pdf, table)
    return bytes(pdf.output())


def _cover(pdf: ReportPdf, label: str, built: list[tuple[Topic, list[Table]]]) -> None:
    pdf.add_page()
    pdf.set_text_color(11, 92, 173)
    pdf.set_font("DejaVu", "B", 22)
    pdf.ln(30)
    pdf.multi_cell(0, 11, _("Laporan Bulanan Perpustakaan PST"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.set_text_color(29, 39, 51)
    pdf.multi_cell(
        0,
        8,
        settings.OAI_REPOSITORY_NAME,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, label, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, _("Isi laporan:"), new_x="LMARGIN", new_y="NEXT")
    for topic, tables in built:
        names = "; ".join(str(table.title) for table in tables)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, f"• {topic.title}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8.5)
        pdf.set_text_color(91, 103, 117)
        pdf.multi_cell(0, 4.5, names, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(29, 39, 51)
    pdf.ln(6)
    made = formats.date_format(timezone.localtime(), "j F Y H:i")
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(
        0,
        5,
        _("Dibuat oleh Pustaka pada %(when)s.") % {"when": made},
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _heading(pdf: ReportPdf, text: str, *, size: float) -> None:
    pdf.set_font("DejaVu", "B", size)
    pdf.set_text_color(29, 39, 51)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _figure(pdf: ReportPdf, table: Table) -> None:
    rows = len(table.all_rows()) + 1
    needed = 10 + (CHART_HEIGHT if table.chart else 0) + min(rows, 12) * ROW
    if pdf.get_y() + needed > pdf.h - 20:
        pdf.add_page()
    _heading(pdf, str(table.title), size=11)
    if table.chart and table.rows:
        top = pdf.get_y()
        draw_chart(pdf, table, 15, top, WIDTH, CHART_HEIGHT)
        pdf.set_y(top + CHART_HEIGHT + 2)
    _grid(pdf, table_view(table), len(table.columns))
    pdf.ln(5)


def _grid(pdf: ReportPdf, view: dict[str, Any], columns: int) -> None:
    first = min(70.0, WIDTH * (0.45 if columns > 2 else 0.6))
    other = (WIDTH - first) / max(columns - 1, 1)
    pdf.set_draw_color(170, 178, 189)
    pdf.set_line_width(0.2)
    pdf.set_font("DejaVu", "B", 7.5)
    pdf.set_fill_color(232, 241, 251)
    pdf.set_text_color(29, 39, 51)
    heads = [str(h) for h in view["columns"]]
    _row(pdf, heads, first, other, fill=True)
    pdf.set_font("DejaVu", "", 7.5)
    for key, cells in view["rows"]:
        _row(pdf, [key, *(c.text for c in cells)], first, other)
    if view["total"]:
        pdf.set_font("DejaVu", "B", 7.5)
        key, cells = view["total"]
        _row(pdf, [key, *(c.text for c in cells)], first, other)
    if not view["rows"]:
        pdf.set_font("DejaVu", "", 7.5)
        pdf.cell(WIDTH, ROW, _("Belum ada data pada bulan ini."), border="B")
        pdf.ln(ROW)


def _row(pdf: ReportPdf, cells: list[str], first: float, other: float, fill: bool = False) -> None:
    if pdf.get_y() + ROW > pdf.h - 18:
        pdf.add_page()
    for index, text in enumerate(cells):
        width = first if index == 0 else other
        while text and pdf.get_string_width(text) > width - 2:
            text = text[:-2] + "…" if len(text) > 2 else text[:1]
        align = "L" if index == 0 else "R"
        pdf.cell(width, ROW, text, border="B", align=align, fill=fill)
    pdf.ln(ROW)


def report_filename(month: Month) -> str:
    return f"laporan-bulanan-pst-{month.code}.pdf"
