"""Chart pages in Chromium: each chart draws exactly its table's figures; screenshots kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from portal.reports.topics import TOPICS
from tests.browser.axe import serious_violations
from tests.browser.test_browser_search import sign_in
from tests.portal.report_month import generate_month

CHART_DATA = """canvas => {
  const chart = Chart.getChart(canvas);
  return chart.data.datasets.map(d => d.data);
}"""
TABLE_DATA = """([table, series]) => {
  const columns = series ? series.split(',').map(Number) : null;
  const rows = Array.from(table.tBodies[0].rows).filter(r => r.dataset.total === undefined);
  const width = table.tHead.rows[0].cells.length;
  const cols = columns || Array.from({length: width - 1}, (_, i) => i + 1);
  return cols.map(c => rows.map(r => {
    const v = r.cells[c] ? r.cells[c].dataset.value : undefined;
    return v === undefined || v === '' ? null : Number(v);
  }));
}"""


@pytest.mark.integration
def test_every_chart_shows_its_tables_figures(live_server: Any, page: Any, screenshot: Any) -> None:
    generate_month(2026, 3)
    sign_in(page, live_server, User.objects.create_superuser("kepala", password="x"))
    problems: dict[str, list[str]] = {}
    for code in TOPICS:
        page.goto(f"{live_server.url}/staf/laporan/{code}/?bulan=2026-03")
        canvases = page.locator("canvas[data-chart]")
        expect(canvases.first).to_be_visible()
        page.wait_for_function(
            "document.querySelectorAll('canvas[data-chart]').length === "
            "Array.from(document.querySelectorAll('canvas[data-chart]'))"
            ".filter(c => Chart.getChart(c)).length"
        )
        for index in range(canvases.count()):
            canvas = canvases.nth(index)
            table = page.locator(f"#{canvas.get_attribute('data-table')}")
            drawn = canvas.evaluate(CHART_DATA)
            listed = page.evaluate(
                TABLE_DATA, [table.element_handle(), canvas.get_attribute("data-series") or ""]
            )
            assert drawn == listed, (code, canvas.get_attribute("id"))
        screenshot(page, f"report-{code}-1280.png")
        if violations := serious_violations(page):
            problems[code] = violations
    page.set_viewport_size({"width": 800, "height": 1280})
    page.goto(f"{live_server.url}/staf/laporan/waktu-tunggu/?bulan=2026-03")
    screenshot(page, "report-waktu-tunggu-tablet.png")
    assert problems == {}
