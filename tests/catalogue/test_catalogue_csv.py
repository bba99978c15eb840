"""CSV exchange: a round trip loses nothing, and bad rows are reported and not imported."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from catalogue.exchange.csv_io import (
    COLUMNS,
    INFORMATIVE,
    decode_items,
    encode_items,
    publication_export_csv,
    publication_import_csv,
)
from catalogue.models import Contributor, Holding, Publication, PublicationContributor, Subject
from catalogue.selectors.publications import publication_credits
from catalogue.services.holdings import holding_create, holding_set_status
from catalogue.services.publications import (
    ContributorSpec,
    publication_create,
    publication_delete,
)

pytestmark = pytest.mark.django_db

SKIP = {"id", "created_at", "modified_at"}
HEADER = "title,catalogue_number,issn_print,year,subjects,holdings\r\n"


def _build_catalogue() -> None:
    cover = default_storage.save("covers/2024/kpda.png", ContentFile(b"\x89PNG\r\n\x1a\n..."))
    kpda = publication_create(
        title="Kota Pariaman Dalam Angka 2024",
        subtitle='Pariaman Municipality in Figures, "2024" — edisi ²',
        kind="in_figures",
        catalogue_number="1102001.1377",
        publication_number="13770.2401",
        issn_print="0317-8471",
        issn_electronic="2090-424X",
        isbn="978-0-306-40615-7",
        release_date=dt.date(2024, 2, 28),
        scheduled_date=dt.date(2024, 2, 29),
        year=2024,
        frequency="annual",
        area_code="1377",
        area_name="Kota Pariaman",
        subjects=["Statistik Daerah", "Harga <Konsumen> | Inflasi \\ IHK", "Kependudukan"],
        language="ind,eng",
        abstract='Baris pertama,\r\nbaris kedua; dengan "kutip" dan <kurung>.\nBaris ketiga.',
        publisher="Badan Pusat Statistik Kota Pariaman",
        contributors=[
            ContributorSpec("BPS Kota Pariaman", "aut", "organisation"),
            ContributorSpec("Rina | Putri <Editor>", "edt", "person"),
            ContributorSpec("Andi", "dtc", "person"),
            ContributorSpec("Andi", "cov", "person"),
        ],
        edition="Edisi 1",
        pages="xxx + 250 hlm.; 25 cm",
        notes="Catatan \\ dengan garis miring terbalik.",
        cover=cover,
        visibility="hidden",
    )
    holding_create(
        publication=kpda,
        barcode="PST-0001",
        call_number="310 BPS k <2024> | A",
        shelf_location="Rak A2",
        condition="fair",
        acquisition_date="2024-03-01",
    )
    copy = holding_create(publication=kpda, barcode="PST-0002", status="reading_room")
    holding_set_status(holding=copy, status="missing")
    quarterly = publication_create(
        title="Indikator Ekonomi Triwulan II",
        kind="indicators",
        issn_print="0378-5955",
        year=2023,
        period="Triwulan II",
        frequency="quarterly",
        subjects=["Ekonomi"],
        contributors=[ContributorSpec("BPS Kota Pariaman", "com", "organisation")],
        publisher="",
    )
    holding_create(publication=quarterly, barcode="PST-0003", condition="damaged")
    gone = publication_create(title="Statistik Lama", year=1985, isbn="0-8044-2957-X")
    publication_delete(publication=gone, deleted_at=dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.UTC))
    publication_create(title="Tanpa rincian")


def _snapshot() -> list[dict[str, Any]]:
    """Every stored value of every record except the receiving catalogue's bookkeeping."""
    records = []
    for publication in Publication.objects.order_by("title"):
        fields = {
            field.name: getattr(publication, field.attname)
            for field in Publication._meta.concrete_fields
            if field.name not in SKIP
        }
        fields["cover"] = publication.cover.name
        fields["subjects"] = sorted(publication.subjects.values_list("name", flat=True))
        fields["contributors"] = [
            (credit.contributor.name, credit.role, credit.contributor.kind, credit.position)
            for credit in publication_credits(publication=publication)
        ]
        fields["holdings"] = [
            {
                field.name: getattr(holding, field.attname)
                for field in Holding._meta.concrete_fields
                if field.name not in {"id", "publication", "created_at", "modified_at"}
            }
            for holding in publication.holdings.order_by("barcode")
        ]
        records.append(fields)
    return records


def _export(include_deleted: bool = True) -> str:
    out = io.StringIO()
    publication_export_csv(out=out, include_deleted=include_deleted)
    return out.getvalue()


def _wipe() -> None:
    Holding.objects.all().delete()
    PublicationContributor.objects.all().delete()
    Publication.objects.all().delete()
    Subject.objects.all().delete()
    Contributor.objects.all().delete()


def _without_bookkeeping(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    return [{k: v for k, v in row.items() if k not in INFORMATIVE} for row in rows]


def test_round_trip_preserves_every_field() -> None:
    _build_catalogue()
    before = _snapshot()
    exported = _export()
    assert exported.splitlines()[0] == ",".join(COLUMNS)
    _wipe()
    report = publication_import_csv(source=io.StringIO(exported))
    assert report.errors == []
    assert report.rows == len(report.imported) == 4
    after = _snapshot()
    assert len(after) == len(before) == 4
    for old, new in zip(before, after, strict=True):
        for name in old:
            assert new[name] == old[name], (old["title"], name)
    assert _without_bookkeeping(_export()) == _without_bookkeeping(exported)


def test_export_leaves_out_deleted_records_unless_asked() -> None:
    _build_catalogue()
    titles = [row["title"] for row in csv.DictReader(io.StringIO(_export(False)))]
    assert "Statistik Lama" not in titles
    assert len(titles) == 3
    rows = list(csv.DictReader(io.StringIO(_export(True))))
    deleted = [row for row in rows if row["title"] == "Statistik Lama"]
    assert deleted[0]["deleted_at"] == "2024-05-01T08:30:00+00:00"


def test_list_cells_encode_and_decode() -> None:
    items = [["a|b", "<c>", "d\\e"], [""], ["plain"]]
    assert decode_items(encode_items(items)) == items
    assert encode_items([["x", "y"]]) == "<x|y>"
    assert decode_items("Ekonomi") == [["Ekonomi"]]
    assert decode_items("PST-1|Rak A") == [["PST-1", "Rak A"]]
    assert decode_items(" <a>  <b> ") == [["a"], ["b"]]
    assert decode_items("") == []
    for bad in ("<a", "<a><b", "a>b", "<a<b>", "<a>b"):
        with pytest.raises(ValueError):  # noqa: PT011 - the message says where
            decode_items(bad)


def _import(text: str, **options: bool):
    return publication_import_csv(source=io.StringIO(text), **options)


BAD_FILE = (
    HEADER
    + "Kota Pariaman Dalam Angka 2024,1102001.1377,0317-8471,2024,<Statistik Daerah>,<PST-1>\r\n"
    + "ISSN salah,1102001.1378,0317-8472,2024,,\r\n"
    + "Status salah,,,20x4,,<PST-2|310|Rak|borrowed>\r\n"
    + "Duplikat baris 2,1102001.1377,,2024,,\r\n"
    + "Barkode terpakai,,,2023,,<PST-LAMA>\r\n"
    + "Daftar rusak,,,2022,<Ekonomi,\r\n"
    + "Sah juga,1102001.1378,,2024,Ekonomi,<PST-3|311>\r\n"
)


def _existing_copy() -> Publication:
    old = publication_create(title="Lama")
    holding_create(publication=old, barcode="PST-LAMA")
    return old


def test_a_file_with_bad_rows_imports_nothing_and_says_where() -> None:
    _existing_copy()
    report = _import(BAD_FILE)
    found = {(error.row, error.column, error.code) for error in report.errors}
    assert found == {
        (3, "issn_print", "invalid_issn"),
        (4, "year", "invalid_value"),
        (4, "holdings", "invalid_value"),
        (5, "catalogue_number", "duplicate_publication"),
        (6, "holdings", "duplicate_barcode"),
        (7, "subjects", "bad_list"),
    }
    assert report.invalid_rows == [3, 4, 5, 6, 7]
    assert report.rows == 7
    assert report.valid_rows == 2
    assert report.imported == []
    assert list(Publication.objects.values_list("title", flat=True)) == ["Lama"]
    issn = next(error for error in report.errors if error.row == 3)
    assert issn.message_id == "Angka pemeriksa ISSN salah."
    assert issn.message_en == "The ISSN check digit is wrong."
    assert issn.detail == "0317-8472"
    status = next(e for e in report.errors if e.row == 4 and e.column == "holdings")
    assert "eksemplar/item 1, status" in status.detail
    duplicate = next(e for e in report.errors if e.row == 5)
    assert "baris/row 2" in duplicate.detail


def test_skip_invalid_imports_the_valid_rows_only() -> None:
    _existing_copy()
    report = _import(BAD_FILE, skip_invalid=True)
    assert report.invalid_rows == [3, 4, 5, 6, 7]
    titles = sorted(Publication.objects.exclude(title="Lama").values_list("title", flat=True))
    assert titles == ["Kota Pariaman Dalam Angka 2024", "Sah juga"]
    assert len(report.imported) == 2
    valid = Publication.objects.get(title="Sah juga")
    # row 3 had the same catalogue number but was skipped, so it did not block row 8
    assert valid.catalogue_number == "1102001.1378"
    assert valid.subject == "Ekonomi"
    assert [(h.barcode, h.call_number) for h in valid.holdings.all()] == [("PST-3", "311")]


def test_duplicates_of_the_catalogue_and_barcodes_within_a_file() -> None:
    publication_create(title="Sudah ada", issn_print="0317-8471", year=2024)
    text = (
        HEADER
        + "A,,2090-424X,2024,,<B-1><B-1>\r\n"
        + "B,,0317-8471,2024,,\r\n"
        + "C,,,2024,,<B-1>\r\n"
    )
    report = _import(text)
    found = {(error.row, error.column, error.code) for error in report.errors}
    assert found == {
        (2, "holdings", "duplicate_barcode"),
        (3, "issn_print", "duplicate_publication"),
    }
    # row 2 is invalid, so its barcode B-1 is free for row 4
    assert (4, "holdings", "duplicate_barcode") not in found


def test_header_problems_stop_the_import_even_when_skipping() -> None:
    report = _import("judul,year\r\nKPDA,2024\r\n", skip_invalid=True)
    assert {(e.row, e.column, e.code) for e in report.errors} == {
        (1, "judul", "unknown_column"),
        (1, "title", "missing_column"),
    }
    assert Publication.objects.count() == 0
    assert _import("").errors[0].code == "empty_file"
    report = _import("title,title\r\nx,y\r\n")
    assert report.errors[0].code == "repeated_column"


def test_a_row_with_too_many_cells_and_blank_lines() -> None:
    report = _import("title,year\r\nA,2024,extra\r\n,\r\n\r\nB,2023\r\n")
    assert [(e.row, e.code) for e in report.errors] == [(2, "extra_cells")]
    assert report.rows == 2


def test_dry_run_writes_nothing() -> None:
    text = HEADER + "A,1102001.1377,,2024,<Ekonomi>,<B-9>\r\n"
    report = _import(text, dry_run=True)
    assert report.errors == []
    assert (report.valid_rows, report.imported, report.dry_run) == (1, [], True)
    assert Publication.objects.count() == Holding.objects.count() == Subject.objects.count() == 0


def test_a_simple_file_gets_defaults_and_a_bom_is_ignored() -> None:
    text = "\ufefftitle,frequency,visibility\r\nStatistik Daerah,Tahunan,\r\n"
    report = _import(text)
    assert report.errors == []
    publication = Publication.objects.get()
    assert publication.frequency == "annual"
    assert publication.visibility == "public"
    assert publication.language == "ind"
    assert publication.publisher == "BPS Kota Pariaman"


def test_a_file_that_is_not_csv_is_reported() -> None:
    text = "title,year\r\nA,2024\r\n" + '"' + "x" * 200_000 + '",2024\r\n'
    report = _import(text, skip_invalid=True)
    assert [(e.row, e.code) for e in report.errors] == [(3, "bad_csv")]
    assert Publication.objects.count() == 0


def test_kind_is_a_choice_and_update_changes_the_repeated_record() -> None:
    report = _import("title,kind\r\nA,Dalam Angka\r\nB,majalah\r\n")
    assert [(e.row, e.column, e.code) for e in report.errors] == [(3, "kind", "invalid_value")]
    original = publication_create(
        title="KPDA", catalogue_number="1102001.1377", year=2024, subjects=["Ekonomi"]
    )
    text = (
        "title,catalogue_number,year,kind,holdings\r\n"
        "KPDA baru,1102001.1377,2024,regional,<B-1>\r\n"
    )
    assert _import(text).errors[0].code == "duplicate_publication"
    report = _import(text, update=True)
    assert (report.errors, report.imported, report.updated) == ([], [], [original.pk])
    original.refresh_from_db()
    assert (original.title, original.kind) == ("KPDA baru", "regional")
    assert original.subject == "Ekonomi"  # no subjects column: the stored ones stay
    assert list(original.holdings.values_list("barcode", flat=True)) == ["B-1"]
