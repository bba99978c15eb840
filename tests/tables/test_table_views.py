"""Tables end to end without OCR: a born-digital softcopy's tables extracted by the real
task code, downloaded as XLSX/CSV/JSON under the softcopy's access rule, corrected by
staff, and the correction surviving re-processing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pdfplumber
import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from bench.table_draw import lay_out, render_pdf
from bench.table_pages import page_tables
from catalogue.models import Page, PageTable, Softcopy, TableCorrection, TablePageScan
from catalogue.services.publications import publication_create
from catalogue.storage import store_content_addressed
from workers.pipeline.tables.numbers import parse_number
from workers.tables import extract_softcopy_tables

pytestmark = pytest.mark.django_db
SEEDS = (16, 2)  # a merged header; two tables (one with wrapped labels) on one page


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path: Path) -> object:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="module")
def tables_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two born-digital table pages, drawn once for the module."""
    layouts = []
    for seed in SEEDS:
        specs = page_tables(seed)
        layouts.append(next(x for pt in (9.0, 8.5, 8.0, 7.5) if (x := lay_out(specs, pt, "K"))))
    return render_pdf(layouts, tmp_path_factory.mktemp("tables") / "tables.pdf")


def _softcopy(pdf: Path, access: str = Softcopy.Access.PUBLIC) -> Softcopy:
    name, sha256, size = store_content_addressed(pdf, prefix="softcopies", suffix=".pdf")
    publication = publication_create(title="Kota Pariaman Dalam Angka 2024", year=2024)
    softcopy = Softcopy.objects.create(
        publication=publication,
        title=publication.title,
        file=name,
        origin=Softcopy.Origin.BORN_DIGITAL,
        page_count=len(SEEDS),
        size_bytes=size,
        sha256=sha256,
        access_level=access,
    )
    with pdfplumber.open(pdf) as document:  # the page text the catalogue keeps
        texts = [page.extract_text() for page in document.pages]
    Page.objects.bulk_create(
        [Page(softcopy=softcopy, number=n, text=t) for n, t in enumerate(texts, start=1)]
    )
    return softcopy


def _truth() -> list:
    return [spec for seed in SEEDS for spec in page_tables(seed)]


def test_extract_download_xlsx_csv_json(tables_pdf: Path) -> None:
    softcopy = _softcopy(tables_pdf)
    assert extract_softcopy_tables(softcopy.pk) == 3
    assert extract_softcopy_tables(softcopy.pk) == 0  # idempotent: pages already searched
    tables = list(PageTable.objects.filter(softcopy=softcopy).order_by("page", "ordinal"))
    truth = _truth()
    assert [t.number for t in tables] == [s.number for s in truth]
    client = Client()
    response = client.get(reverse("table-xlsx", args=[tables[0].pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == f"Tabel {truth[0].number}"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    first_data = next(i for i, row in enumerate(values) if row[0] == truth[0].rows[0][0])
    for r, row in enumerate(truth[0].rows):
        for c, text in enumerate(row):
            want = text if c == 0 else parse_number(text).value
            got = values[first_data + r][c]
            assert got == want, (r, c, text, got)
            if c and parse_number(text).kind == "number":
                assert isinstance(got, int | float)
    merged = [str(m) for m in sheet.merged_cells.ranges]
    assert merged  # the two-level header stays merged
    book = client.get(reverse("softcopy-tables-xlsx", args=[softcopy.pk]))
    names = load_workbook(io.BytesIO(book.content)).sheetnames
    assert names == [f"Tabel {s.number}" for s in truth]
    whole = client.get(reverse("publication-tables-xlsx", args=[softcopy.publication_id]))
    assert load_workbook(io.BytesIO(whole.content)).sheetnames == names
    text = client.get(reverse("table-csv", args=[tables[2].pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == truth[2].rows[0][0]
    api = client.get(reverse("api-table", args=[tables[1].pk])).json()
    assert api["number"] == truth[1].number
    assert api["page"] == 2
    assert [c["text"] for c in api["rows"][0]] == truth[1].rows[0]
    assert api["rows"][0][1]["value"] == parse_number(truth[1].rows[0][1]).value


def test_access_level_applies(tables_pdf: Path) -> None:
    softcopy = _softcopy(tables_pdf, access=Softcopy.Access.STAFF)
    extract_softcopy_tables(softcopy.pk)
    table = PageTable.objects.filter(softcopy=softcopy).first()
    assert table is not None
    client = Client()
    assert client.get(reverse("table-xlsx", args=[table.pk])).status_code == 404
    assert client.get(reverse("api-table", args=[table.pk])).status_code == 404
    assert client.get(reverse("softcopy-tables-xlsx", args=[softcopy.pk])).status_code == 404
    publication_book = reverse("publication-tables-xlsx", args=[softcopy.publication_id])
    assert client.get(publication_book).status_code == 404


def test_staff_correction_survives_reprocessing(tables_pdf: Path) -> None:
    softcopy = _softcopy(tables_pdf)
    extract_softcopy_tables(softcopy.pk)
    table = PageTable.objects.filter(softcopy=softcopy).order_by("page", "ordinal").first()
    assert table is not None
    editor = User.objects.create_user("pustakawan", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="change_pagetable"))
    client = Client()
    client.force_login(editor)
    url = reverse("staff-table-edit", args=[table.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"cell-0-1": "12.345"}).status_code == 302
    client.post(url, {"fix": "merge_columns:1"})
    fix = TableCorrection.objects.filter(table=table).first()
    assert fix is not None
    assert fix.author_name == "pustakawan"
    extract_softcopy_tables(softcopy.pk, force=True)
    table.refresh_from_db()
    api = Client().get(reverse("api-table", args=[table.pk])).json()
    assert api["corrected"] is True
    assert api["rows"][0][1]["text"].startswith("12.345")
    assert len(api["rows"][0]) == table.data["columns"] - 1
    assert Client().post(url).status_code in (302, 403)  # anonymous: no editing


def test_pages_without_a_column_number_row_are_not_read(tables_pdf: Path) -> None:
    softcopy = _softcopy(tables_pdf)
    Page.objects.filter(softcopy=softcopy, number=2).update(text="Prosa tanpa tabel (BPS).")
    assert extract_softcopy_tables(softcopy.pk) == 1  # page 2 skipped on its text alone
    assert TablePageScan.objects.get(softcopy=softcopy, page=2).tables == 0


def test_backfill_command_reads_existing_softcopies(tables_pdf: Path) -> None:
    from django.core.management import call_command

    softcopy = _softcopy(tables_pdf)
    out = io.StringIO()
    call_command("tables", "--softcopy", str(softcopy.pk), stdout=out)
    assert "tables found: 3" in out.getvalue()
    call_command("tables", "--softcopy", str(softcopy.pk), stdout=out)
    assert out.getvalue().rstrip().endswith("tables found: 0")  # pages already searched
    assert PageTable.objects.filter(softcopy=softcopy).count() == 3
