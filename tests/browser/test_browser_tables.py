"""In a real browser: search a figure, open its page, download the table as Excel, and
the cells read back (openpyxl) equal the printed figures, typed as numbers.

Real parts: a born-digital BPS table page, the table task's code, the indexing flush
into a private Meilisearch, the live server, Chromium.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from openpyxl import load_workbook
from playwright.sync_api import expect

from bench.table_draw import lay_out, render_pdf
from bench.table_pages import page_tables
from catalogue.models import Page, Publication, Softcopy
from search.sync import flush_outbox
from tests.browser.test_browser_search import sign_in
from workers.pipeline.tables.numbers import parse_number
from workers.tables import extract_softcopy_tables

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
SEED = 16


@pytest.fixture
def fresh_indexes(settings: Any, own_search_flushes: None) -> None:
    settings.MEILISEARCH_INDEX_PREFIX = f"t{uuid.uuid4().hex[:10]}"


def make_table_softcopy(tmp_path: Path) -> Softcopy:
    specs = page_tables(SEED)
    layout = next(x for pt in (9.0, 8.5, 8.0) if (x := lay_out(specs, pt, "KPDA 2024")))
    pdf = render_pdf([layout], tmp_path / "tabel.pdf")
    with pdfplumber.open(pdf) as document:
        text = document.pages[0].extract_text()
    publication = Publication.objects.create(
        title="Kota Pariaman Dalam Angka 2024", year=2024, kind=Publication.Kind.IN_FIGURES
    )
    data = pdf.read_bytes()
    name = default_storage.save(f"softcopies/tabel-{publication.pk}.pdf", ContentFile(data))
    softcopy = Softcopy.objects.create(
        publication=publication,
        title=publication.title,
        file=name,
        origin=Softcopy.Origin.BORN_DIGITAL,
        page_count=1,
        size_bytes=len(data),
        sha256=f"{publication.pk:064d}",
        access_level=Softcopy.Access.PUBLIC,
    )
    Page.objects.create(softcopy=softcopy, number=1, text=text)
    return softcopy


@pytest.mark.usefixtures("fresh_indexes")
def test_search_a_figure_open_the_page_download_the_table(
    live_server: Any, page: Any, screenshot: Any, tmp_path: Path
) -> None:
    softcopy = make_table_softcopy(tmp_path)
    assert extract_softcopy_tables(softcopy.pk) == 1
    flush_outbox()
    sign_in(page, live_server, User.objects.create_user("pembaca", password="x"))
    spec = page_tables(SEED)[0]
    figure = spec.rows[0][1]
    page.goto(f"{live_server.url}/cari/?q={figure}")
    link = page.locator("a.open-at-page").first
    expect(link).to_be_visible()
    in_table = page.locator(".hit-table").first  # the hit falls inside the table
    expect(in_table).to_contain_text(f"Tabel {spec.number}")
    table_id = softcopy.tables.get().pk
    expect(in_table.locator("a")).to_have_attribute("href", f"/publikasi/tabel/{table_id}.xlsx")
    link.click()
    page.wait_for_url(re.compile(r"/cari/baca/\d+/"))
    expect(page.locator("#reader")).to_have_attribute("data-state", "ready")
    outline = page.locator('.page[data-page-number="1"] .table-outline')
    expect(outline).to_have_count(1)
    item = page.locator(".table-item").first
    expect(item).to_contain_text(f"Tabel {spec.number}")
    screenshot(page, "viewer-table-outline.png")
    with page.expect_download() as download_info:
        item.locator("a.table-xlsx").click()
    saved = tmp_path / "tabel.xlsx"
    download_info.value.save_as(saved)
    sheet = load_workbook(saved).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    start = next(i for i, row in enumerate(values) if row[0] == spec.rows[0][0])
    for r, row in enumerate(spec.rows):
        for c, text in enumerate(row):
            got = values[start + r][c]
            parsed = parse_number(text)
            if c == 0:
                assert got == text
            elif parsed.kind == "number":
                assert isinstance(got, int | float), (r, c, got)
                assert got == parsed.value
            else:
                assert got is None


def test_staff_correct_a_cell_beside_the_page(
    live_server: Any, page: Any, screenshot: Any, tmp_path: Path
) -> None:
    from django.contrib.auth.models import Permission

    softcopy = make_table_softcopy(tmp_path)
    extract_softcopy_tables(softcopy.pk)
    table = softcopy.tables.get()
    librarian = User.objects.create_user("pustakawan", password="x")
    librarian.user_permissions.add(Permission.objects.get(codename="change_pagetable"))
    sign_in(page, live_server, librarian)
    page.goto(f"{live_server.url}/staf/tabel/{table.pk}/")
    expect(page.locator("#reader")).to_have_attribute("data-state", "ready")
    expect(page.locator(".table-outline.chosen")).to_have_count(1)  # the table on its page
    cell = page.locator('input[name="cell-0-1"]')
    cell.fill("10.050")
    page.get_by_role("button", name="Simpan koreksi").click()
    expect(page.locator('input[name="cell-0-1"]')).to_have_value("10.050")
    expect(page.locator("table").last).to_contain_text("pustakawan")
    expect(page.locator("#reader")).to_have_attribute("data-state", "ready")
    expect(page.locator(".table-outline.chosen")).to_be_visible()
    screenshot(page, "table-editor.png")
    with page.expect_download() as download_info:
        page.locator("a", has_text="Unduh tabel (Excel)").click()
    saved = tmp_path / "koreksi.xlsx"
    download_info.value.save_as(saved)
    values = [[c.value for c in row] for row in load_workbook(saved).worksheets[0].iter_rows()]
    label = page_tables(SEED)[0].rows[0][0]
    assert next(row for row in values if row[0] == label)[1] == 10050
