"""Report pages: every chart's figures are its table's, and the CSV and XLSX say the same."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from portal.reports.tables import Month, plain
from portal.reports.topics import TOPICS
from tests.portal.report_month import generate_month
from visitors.selectors.reports import service_report

pytestmark = pytest.mark.django_db
MONTH = Month(2026, 3)


@pytest.fixture
def head(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("kepala", password="x"))
    return client


def page_values(html: str, code: str) -> list[list[str]]:
    table = re.search(rf'<table id="table-{code}".*?</table>', html, re.S)
    assert table, code
    return [
        re.findall(r'data-value="([^"]*)"', row)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S)[1:]
    ]


def canon(value: object) -> object:
    """One spelling for a cell from any source: numbers as rounded floats, text as text."""
    value = plain(value)
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal):
        return round(float(value), 4)
    if isinstance(value, str):
        try:
            return round(float(value), 4)
        except ValueError:
            return value
    return value


def numbers(row: list[object]) -> list[object]:
    return [v if isinstance(v, float) else None for v in row]


def test_a_generated_month_is_the_same_in_page_chart_data_csv_and_xlsx(head: Client) -> None:
    made = generate_month(MONTH.year, MONTH.month)
    check_visitor_tables_equal_the_desk_service_report(made["visits"])
    check_zero_result_queries_are_counted_without_who_asked(head)
    for code, topic in TOPICS.items():
        tables = topic.build(MONTH)
        html = head.get(f"/staf/laporan/{code}/?bulan=2026-03").text
        book = load_workbook(
            io.BytesIO(head.get(f"/staf/laporan/{code}/xlsx/?bulan=2026-03").content)
        )
        assert book.sheetnames == [t.code for t in tables]
        for table in tables:
            expected = [[canon(v) for v in row[1:]] for row in table.all_rows()]
            assert expected, table.code
            # The page: what the chart script reads (data-value) is the table's figure.
            shown = [[canon(v) for v in row] for row in page_values(html, table.code)]
            if table.rows:
                assert shown == [numbers(row) for row in expected], (code, table.code)
            sheet = book[table.code]
            cells = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
            assert [[canon(v) for v in row[1:]] for row in cells] == expected, table.code
            for row, kept in zip(table.all_rows(), cells, strict=True):
                if isinstance(row[0], Month):
                    assert kept[0].date() == row[0].first_day  # a date cell, not text
                elif isinstance(row[0], date):
                    assert kept[0].date() == row[0]
            for line in cells:
                for value in line[1:]:
                    assert not isinstance(value, str) or not value[:1].isdigit(), value
            body = head.get(f"/staf/laporan/{code}/csv/{table.code}/?bulan=2026-03").content
            lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            assert [[canon(c) for c in line[1:]] for line in lines[1:]] == expected


def check_visitor_tables_equal_the_desk_service_report(visits: int) -> None:
    tables = {t.code: t for t in TOPICS["kunjungan"].build(MONTH)}
    report = service_report(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert report.visits == visits > 20
    daily = tables["kunjungan-harian"]
    assert sum(sum(row[1:]) for row in daily.rows) == report.visits
    assert daily.total[1:] == list(report.by_service.values())  # type: ignore[index]
    assert tables["menurut-tujuan"].total == [tables["menurut-tujuan"].total[0], report.visits]  # type: ignore[index]
    waits = {t.code: t for t in TOPICS["waktu-tunggu"].build(MONTH)}
    per_day = waits["dalam-5-menit"]
    assert per_day.total[1:3] == [report.sla_met, report.sla_missed]  # type: ignore[index]
    assert sum(row[1] for row in waits["sebaran-waktu-tunggu"].rows) == report.served


def check_zero_result_queries_are_counted_without_who_asked(head: Client) -> None:
    tables = {t.code: t for t in TOPICS["pencarian"].build(MONTH)}
    assert tables["kata-kunci-teratas"].rows[0] == ["inflasi", 2, 0]
    assert ["pdrb pariaman", 1] in tables["kata-kunci-tanpa-hasil"].rows
    from search.models import SearchQueryCount

    fields = {f.name for f in SearchQueryCount._meta.get_fields()}
    assert fields == {"id", "day", "query", "searches", "zero_results"}
    body = head.get("/staf/laporan/pencarian/csv/kata-kunci-tanpa-hasil/?bulan=2026-03")
    assert "'=hyperlink(1)" in body.content.decode("utf-8-sig")  # never a formula


def test_reports_need_their_permission(client: Client) -> None:
    client.force_login(User.objects.create_user("staf", password="x", is_staff=True))
    assert client.get("/staf/laporan/").status_code == 403
    assert client.get("/staf/laporan/kunjungan/").status_code == 403
    assert client.get("/staf/laporan/kunjungan/xlsx/").status_code == 403


def test_the_monthly_pdf_has_every_topic_with_its_figures(head: Client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    generate_month(MONTH.year, MONTH.month)
    response = head.get("/staf/laporan/bulanan.pdf?bulan=2026-03")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Laporan Bulanan Perpustakaan PST" in text
    assert "Maret 2026" in text
    for topic in TOPICS.values():
        for table in topic.build(MONTH):
            assert str(table.title) in " ".join(text.split()), table.title
    served = service_report(start=date(2026, 3, 1), end=date(2026, 3, 31)).served
    assert f"Jumlah {served}" in " ".join(text.split())  # the wait distribution's total
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) >= 6


def test_librarians_see_the_search_report_and_officers_do_not(client: Client) -> None:
    """Zero-result queries tell librarians what the collection lacks (portal/roles.py)."""
    from portal.roles import OFFICER_GROUP
    from tests.staff_users import staff_user

    client.force_login(staff_user("pustakawan"))
    assert client.get("/staf/laporan/pencarian/?bulan=2026-03").status_code == 200
    client.force_login(staff_user("petugas", OFFICER_GROUP))
    assert client.get("/staf/laporan/pencarian/?bulan=2026-03").status_code == 403
