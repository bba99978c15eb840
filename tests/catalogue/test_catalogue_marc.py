"""MARC21 exchange: ISO 2709 and MARCXML round trips lose nothing, records are well
formed, a SLiMS export imports, and bad records are reported and not imported."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pymarc import Field, Indicators, Leader, Record, Subfield
from test_catalogue_csv import _build_catalogue, _snapshot, _wipe

from catalogue.exchange.marc import publication_export_marc, publication_import_marc
from catalogue.exchange.marc_files import RecordTooLongError, read_records
from catalogue.models import Holding, Publication
from catalogue.services.holdings import holding_create
from catalogue.services.publications import ContributorSpec, publication_create

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "data" / "marc"
FORMATS = ["marc", "marcxml"]


def _export(file_format: str, include_deleted: bool = True) -> bytes:
    out = io.BytesIO()
    publication_export_marc(out=out, file_format=file_format, include_deleted=include_deleted)
    return out.getvalue()


def _records(data: bytes, file_format: str) -> list[Record]:
    results = list(read_records(data, file_format))
    assert all(result.problem is None for result in results), results
    return [result.record for result in results if result.record is not None]


@pytest.mark.parametrize("file_format", FORMATS)
def test_round_trip_preserves_every_field(file_format: str) -> None:
    _build_catalogue()
    before = _snapshot()
    exported = _export(file_format)
    _wipe()
    report = publication_import_marc(data=exported)  # the format is judged by the content
    assert report.errors == []
    assert report.rows == len(report.imported) == 4
    after = _snapshot()
    assert len(after) == len(before) == 4
    for old, new in zip(before, after, strict=True):
        for name in old:
            assert new[name] == old[name], (old["title"], name)
    kpda = Publication.objects.get(title="Kota Pariaman Dalam Angka 2024")
    assert kpda.kind == "in_figures"  # a value other than the default came through
    assert kpda.abstract.count("\r\n") == 1  # a carriage return survives XML too


def test_records_are_well_formed_marc21() -> None:
    _build_catalogue()
    records = {record["245"]["a"]: record for record in _records(_export("marc"), "marc")}
    kpda = records["Kota Pariaman Dalam Angka 2024"]
    leader = str(kpda.leader)
    assert (leader[5], leader[6], leader[7], leader[9], leader[18]) == ("n", "a", "s", "a", "c")
    assert leader[10:12] == "22"
    assert leader[20:24] == "4500"
    fixed = kpda["008"].data
    assert len(fixed) == 40
    assert (fixed[6], fixed[7:11], fixed[15:18], fixed[18], fixed[35:38]) == (
        "s",
        "2024",
        "io ",
        "a",
        "ind",
    )
    assert kpda["020"]["a"] == "9780306406157"
    assert kpda["022"]["a"] == "0317-8471"
    assert kpda["776"]["x"] == "2090-424X"
    assert kpda.get_fields("041")[0].get_subfields("a") == ["ind", "eng"]
    main = kpda["110"]
    assert (main["a"], main["e"], main["4"]) == ("BPS Kota Pariaman", "author", "aut")
    assert [(f["a"], f["4"]) for f in kpda.get_fields("700")] == [
        ("Rina | Putri <Editor>", "edt"),
        ("Andi", "dtc"),
        ("Andi", "cov"),
    ]
    assert kpda["245"].indicators == Indicators("1", "0")
    assert kpda["264"]["b"] == "Badan Pusat Statistik Kota Pariaman"
    assert kpda["310"]["a"] == "Tahunan"
    assert kpda["300"]["a"] == "xxx + 250 hlm.; 25 cm"
    location = kpda.get_fields("852")[0]
    assert (location["p"], location["c"], location["h"]) == (
        "PST-0001",
        "Rak A2",
        "310 BPS k <2024> | A",
    )
    assert [(f["p"], f["j"]) for f in kpda.get_fields("876")] == [
        ("PST-0001", "available"),
        ("PST-0002", "missing"),
    ]
    assert kpda.get_fields("876")[0]["d"] == "20240301"
    local = kpda["901"]
    assert (local["a"], local["b"], local["e"], local["i"]) == (
        "1102001.1377",
        "13770.2401",
        "in_figures",
        "hidden",
    )
    book = records["Statistik Lama"]
    assert str(book.leader)[5] == "d"  # deleted, exported with --include-deleted
    assert str(book.leader)[7] == "m"
    assert book["008"].data[18:35] == " " * 10 + "f000 0 "
    assert records["Tanpa rincian"].get("264") is not None  # the default publisher


def test_a_field_too_long_for_iso2709_is_refused_clearly() -> None:
    publication_create(title="Panjang", abstract="x" * 12_000)
    with pytest.raises(RecordTooLongError) as caught:
        _export("marc")
    assert caught.value.tags == ["520"]
    assert b"x" * 12_000 in _export("marcxml")  # MARCXML has no such limit


# --- SLiMS ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["slims-export.mrc", "slims-export.xml"])
def test_a_slims_export_imports(name: str) -> None:
    report = publication_import_marc(data=(DATA / name).read_bytes())
    assert report.errors == []
    assert report.rows == len(report.imported) == 3
    kpda = Publication.objects.get(title="Kota Pariaman Dalam Angka 2023")
    assert kpda.subtitle == "Pariaman Municipality in Figures 2023"
    assert (kpda.issn_print, kpda.isbn) == ("2302-0334", "")  # an ISSN in SLiMS's 020
    assert (kpda.edition, kpda.publisher, kpda.year) == ("Edisi 2023", "BPS Kota Pariaman", 2023)
    assert kpda.language == "ind"
    assert kpda.pages == "xiv, 312 hlm. : ilus. ; 25 cm"  # not SLiMS's garbled $a/$b/$c
    assert kpda.notes == "Terbit setiap tahun sejak 2009."
    assert sorted(kpda.subjects.values_list("name", flat=True)) == [
        "Pariaman (Kota)",
        "Statistik Daerah",
    ]
    credits = [
        (credit.contributor.name, credit.role, credit.contributor.kind)
        for credit in kpda.credits.order_by("position")
    ]
    assert credits == [
        ("Badan Pusat Statistik Kota Pariaman", "aut", "organisation"),
        ("Rina Marlina", "aut", "person"),
    ]
    book = Publication.objects.get(title="Metode Statistika")
    assert (book.isbn, book.edition, book.year) == ("9789799625175", "Ed. 6", 2005)
    assert book.pages == "xii, 508 hlm. ; 24 cm"
    assert book.subtitle == ""
    welfare = Publication.objects.get(title="Statistik Kesejahteraan Rakyat Sumatera Barat")
    assert welfare.subtitle == "analisis – edisi ’22"  # UTF-8 although leader/09 is blank
    assert welfare.isbn == "9798885700023"
    assert welfare.language == "eng"
    assert welfare.credits.get(position=2).contributor.name == "Zoë Andriani Putri"
    assert sorted(welfare.subjects.values_list("name", flat=True)) == [
        "2022",
        "Kesejahteraan sosial",
        "Sumatera Barat",
    ]
    assert welfare.pages == "x, 96 hlm."
    assert Holding.objects.count() == 0  # SLiMS's MARC export carries no items
    assert {p.kind for p in Publication.objects.all()} == {"other"}


def _raw_record(fields: list[tuple[str, bytes]], coding: str = " ") -> bytes:
    """ISO 2709 bytes built by hand, so the leader and the encoding are exactly as given."""
    data, directory = b"", b""
    for tag, body in fields:
        raw = body + b"\x1e"
        directory += f"{tag}{len(raw):04d}{len(data):05d}".encode()
        data += raw
    base = 24 + len(directory) + 1
    leader = f"{base + len(data) + 1:05d}nam {coding}22{base:05d} c 4500".encode()
    return leader + directory + b"\x1e" + data + b"\x1d"


def test_marc8_records_are_converted_and_utf8_is_recognised() -> None:
    marc8 = _raw_record([("001", b"M8"), ("245", b"00\x1faCaf\xe2e statistik")])
    utf8_blank_leader = _raw_record([("245", "00\x1faKopi – Zoë".encode())])
    report = publication_import_marc(data=marc8 + utf8_blank_leader)
    assert report.errors == []
    assert sorted(Publication.objects.values_list("title", flat=True)) == [
        "Café statistik",  # MARC-8 acute accent before the "e", composed
        "Kopi – Zoë",
    ]


# --- bad records ------------------------------------------------------------------------


def _record(title: str | None, *, control: str = "", leader: str = "", **tags: str) -> Record:
    record = Record(leader=Leader(leader or "00000nam a2200000 c 4500"), force_utf8=True)
    if control:
        record.add_field(Field(tag="001", data=control))
    if title is not None:
        record.add_field(
            Field(tag="245", indicators=Indicators("0", "0"), subfields=[Subfield("a", title)])
        )
    for tag, value in tags.items():
        code = "x" if tag == "t776" else "a"
        record.add_field(
            Field(
                tag=tag.lstrip("t"),
                indicators=Indicators(" ", " "),
                subfields=[Subfield(code, value)],
            )
        )
    return record


def _fix_lengths(data: bytes) -> bytes:
    return f"{len(data):05d}".encode() + data[5:]


def _bad_file() -> bytes:
    records = [
        _record("Sah", control="A1", t020="978-0-306-40615-7"),
        _record("ISBN salah", control="A2", t020="978-0-306-40615-8 (pbk.)"),
        _record(None, control="A3", t650="Tanpa judul"),
        _record("ISSN salah", control="A4", t022="0317-8472", t776="2090-4240"),
        _record("Sah juga", control="A5", t022="0378-5955"),
    ]
    data = b"".join(record.as_marc21() for record in records)
    truncated = _record("Terpotong", control="A6").as_marc21()
    return data + truncated[: len(truncated) // 2]


def test_bad_records_are_reported_and_nothing_is_imported() -> None:
    report = publication_import_marc(data=_bad_file())
    found = {(error.row, error.record_id, error.column, error.code) for error in report.errors}
    assert found == {
        (2, "A2", "isbn", "invalid_isbn"),
        (3, "A3", "title", "invalid_value"),
        (4, "A4", "issn_print", "invalid_issn"),
        (4, "A4", "issn_electronic", "invalid_issn"),
        (6, "", "", "truncated"),
    }
    assert report.rows == 6
    assert report.invalid_rows == [2, 3, 4, 6]
    assert report.imported == []
    assert Publication.objects.count() == 0
    isbn = next(error for error in report.errors if error.row == 2)
    assert isbn.message_id == "Angka pemeriksa ISBN salah."
    assert isbn.message_en == "The ISBN check digit is wrong."
    assert isbn.detail == "[020] 978-0-306-40615-8"
    truncated = next(error for error in report.errors if error.row == 6)
    assert truncated.message_en.startswith("The record is truncated")


def test_skip_invalid_imports_the_good_records() -> None:
    report = publication_import_marc(data=_bad_file(), skip_invalid=True)
    assert report.invalid_rows == [2, 3, 4, 6]
    assert sorted(Publication.objects.values_list("title", flat=True)) == ["Sah", "Sah juga"]
    assert Publication.objects.get(title="Sah").isbn == "9780306406157"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not_marc"),
        (b"title,year\r\nKPDA,2024\r\n", "not_marc"),
        (b"", "not_marc"),
        (
            b'<?xml version="1.0"?><collection xmlns="http://www.loc.gov/MARC21/slim"/>',
            "empty_file",
        ),
        (b'<?xml version="1.0"?><collection><record><leader>', "bad_xml"),
        (b"00099nam a2200037 c 4500" + b"x" * 80 + b"\x1d", "bad_record"),
    ],
)
def test_files_that_are_not_marc_give_a_clear_error(data: bytes, code: str) -> None:
    report = publication_import_marc(data=data, skip_invalid=True)
    assert [error.code for error in report.errors] == [code]
    assert report.errors[0].message_id
    assert report.errors[0].message_en
    assert Publication.objects.count() == 0


def test_a_marcxml_file_cut_short_keeps_its_whole_records_apart() -> None:
    publication_create(title="Satu")
    publication_create(title="Dua")
    data = _export("marcxml")
    _wipe()
    cut = data[: data.index(b"Dua")]
    report = publication_import_marc(data=cut, skip_invalid=True)
    assert [(error.row, error.code) for error in report.errors] == [(2, "bad_xml")]
    assert list(Publication.objects.values_list("title", flat=True)) == ["Satu"]


def test_utf8_leader_with_other_bytes_is_an_error_for_that_record() -> None:
    good = _record("Baik", control="B1").as_marc21()
    bad = _record("Buruk", control="B2").as_marc21().replace(b"Buruk", b"Bur\xffk")
    report = publication_import_marc(data=good + bad)
    assert [(error.row, error.code) for error in report.errors] == [(2, "bad_encoding")]


# --- duplicates and --update ------------------------------------------------------------


def _series() -> Publication:
    publication = publication_create(
        title="Kota Pariaman Dalam Angka 2024",
        catalogue_number="1102001.1377",
        issn_print="0317-8471",
        year=2024,
        contributors=[ContributorSpec("BPS Kota Pariaman", "aut", "organisation")],
    )
    holding_create(publication=publication, barcode="PST-1")
    return publication


def test_importing_a_record_again_is_a_duplicate_unless_updating() -> None:
    original = _series()
    exported = _export("marcxml")
    report = publication_import_marc(data=exported)
    assert {(error.column, error.code) for error in report.errors} == {
        ("catalogue_number", "duplicate_publication"),
        ("issn_print", "duplicate_publication"),
        ("holdings", "duplicate_barcode"),
    }
    changed = exported.replace(b"Kota Pariaman Dalam Angka 2024", b"KPDA 2024 (revisi)")
    changed = changed.replace(b"</record>", _extra_copy() + b"</record>")
    report = publication_import_marc(data=changed, update=True)
    assert report.errors == []
    assert (report.imported, report.updated) == ([], [original.pk])
    original.refresh_from_db()
    assert original.title == "KPDA 2024 (revisi)"
    assert sorted(original.holdings.values_list("barcode", flat=True)) == ["PST-1", "PST-9"]
    assert Publication.objects.count() == 1


def _extra_copy() -> bytes:
    return (
        b'<datafield tag="852" ind1=" " ind2=" "><subfield code="p">PST-9</subfield>'
        b'<subfield code="h">310 BPS</subfield></datafield>'
        b'<datafield tag="876" ind1=" " ind2=" "><subfield code="p">PST-9</subfield>'
        b'<subfield code="j">Di ruang baca</subfield><subfield code="d">2024-05-02</subfield>'
        b"</datafield>"
    )


def test_update_added_copy_takes_its_values() -> None:
    _series()
    data = _export("marcxml").replace(b"</record>", _extra_copy() + b"</record>")
    publication_import_marc(data=data, update=True)
    copy = Holding.objects.get(barcode="PST-9")
    assert (copy.call_number, copy.status, copy.acquisition_date) == (
        "310 BPS",
        "reading_room",
        dt.date(2024, 5, 2),
    )
