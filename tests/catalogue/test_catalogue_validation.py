"""ISSN, ISBN, BPS catalogue and publication numbers, and whole-record cleaning (no DB)."""

from __future__ import annotations

import datetime as dt

import pytest

from catalogue.errors import (
    CatalogueError,
    InvalidCatalogueNumberError,
    InvalidFieldError,
    InvalidIsbnError,
    InvalidIssnError,
    InvalidPublicationNumberError,
)
from catalogue.models import Holding, Publication
from catalogue.validation import (
    ContributorSpec,
    check_choice,
    check_year,
    clean_holding,
    clean_publication,
    normalise_area_code,
    normalise_catalogue_number,
    normalise_isbn,
    normalise_issn,
    normalise_language,
    normalise_publication_number,
    parse_datetime,
)

# --- ISSN ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("0317-8471", "0317-8471"),
        ("0378 5955", "0378-5955"),
        ("03785955", "0378-5955"),
        ("2090-424X", "2090-424X"),  # check digit 10 is written X
        ("2090-424x", "2090-424X"),
        (" 2090–424X ", "2090-424X"),  # an en dash, as word processors write it
    ],
)
def test_valid_issn_is_normalised(given: str, normal: str) -> None:
    assert normalise_issn(given) == normal


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("0317-8472", "check_digit"),
        ("2090-4240", "check_digit"),
        ("0378-595", "length"),
        ("0378-59555", "length"),
        ("ABCD-EFGH", "characters"),
        ("0378-X955", "characters"),  # X only as the last character
        ("0317/8471", "characters"),
        ("", "characters"),
    ],
)
def test_invalid_issn_says_why(given: str, reason: str) -> None:
    with pytest.raises(InvalidIssnError) as caught:
        normalise_issn(given, field="issn_print")
    error = caught.value
    assert error.reason == reason
    assert error.field == "issn_print"
    assert isinstance(error, CatalogueError)
    message = error.user_message()
    assert message["code"] == "invalid_issn"
    assert message["field"] == "issn_print"
    assert message["id"]
    assert message["en"]
    assert message["id"] != message["en"]


def test_issn_messages_differ_by_reason() -> None:
    messages = set()
    for given in ("0317-8472", "0378-595", "ABCD-EFGH"):
        with pytest.raises(InvalidIssnError) as caught:
            normalise_issn(given)
        messages.add(caught.value.message_en)
    assert len(messages) == 3


# --- ISBN ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("978-0-306-40615-7", "9780306406157"),
        ("978 0 306 40615 7", "9780306406157"),
        ("0-306-40615-2", "0306406152"),
        ("0-8044-2957-X", "080442957X"),
        ("0-8044-2957-x", "080442957X"),
    ],
)
def test_valid_isbn_is_normalised(given: str, normal: str) -> None:
    assert normalise_isbn(given) == normal


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("978-0-306-40615-8", "check_digit"),
        ("0-306-40615-3", "check_digit"),
        ("0-8044-2957-1", "check_digit"),
        ("978-0-306-4061", "length"),
        ("978-0-306-40615-77", "length"),
        ("12345", "length"),
        ("977-0-306-40615-7", "prefix"),
        ("ISBN 978-0-306-40615-7", "characters"),
        ("97803064061X7", "characters"),
        ("978030640615X", "characters"),  # X is no ISBN-13 check digit
    ],
)
def test_invalid_isbn_says_why(given: str, reason: str) -> None:
    with pytest.raises(InvalidIsbnError) as caught:
        normalise_isbn(given)
    assert caught.value.reason == reason
    assert caught.value.code == "invalid_isbn"
    assert caught.value.detail == given


# --- BPS numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "1102001.1377",  # Kota Pariaman Dalam Angka: series code . regency/city code
        "1102001.13",  # Provinsi Sumatera Barat Dalam Angka
        "1102001.1377020",  # a district (kecamatan) publication
        "1101001",  # national publications have no area part
        " 1102001.1377 ",
    ],
)
def test_valid_catalogue_numbers(number: str) -> None:
    assert normalise_catalogue_number(number) == number.strip()


@pytest.mark.parametrize(
    "number",
    [
        "1102001.137",
        "1102001.13770",
        "110200.1377",
        "11020011.1377",
        "1102001-1377",
        "1102001.",
        "A102001.1377",
        "03200.2322",  # a publication number is not a catalogue number
        "",
    ],
)
def test_invalid_catalogue_numbers(number: str) -> None:
    with pytest.raises(InvalidCatalogueNumberError) as caught:
        normalise_catalogue_number(number)
    assert caught.value.field == "catalogue_number"
    assert "1102001.1377" in caught.value.message_id


def test_publication_number_format() -> None:
    assert normalise_publication_number("03200.2322") == "03200.2322"
    for bad in ("3200.2322", "03200-2322", "03200.232", "03200.23222", "O3200.2322"):
        with pytest.raises(InvalidPublicationNumberError):
            normalise_publication_number(bad)


# --- other values -------------------------------------------------------------------


def test_area_codes_language_year_and_choices() -> None:
    assert normalise_area_code("1377") == "1377"
    assert normalise_area_code("13") == "13"
    with pytest.raises(InvalidFieldError):
        normalise_area_code("137")
    assert normalise_language("IND, eng") == "ind,eng"
    with pytest.raises(InvalidFieldError):
        normalise_language("Indonesia")
    assert check_year("2024") == 2024
    for bad in ("20x4", "1700", "3000", ""):
        with pytest.raises(InvalidFieldError):
            check_year(bad)
    assert check_choice("Triwulanan", Publication.Frequency, field="frequency") == "quarterly"
    assert check_choice("ANNUAL", Publication.Frequency, field="frequency") == "annual"
    with pytest.raises(InvalidFieldError) as caught:
        check_choice("yearly", Publication.Frequency, field="frequency")
    assert "annual" in caught.value.message_en


def test_a_moment_needs_its_offset() -> None:
    moment = parse_datetime("2024-02-28T09:00:00+07:00", field="deleted_at")
    assert moment.utcoffset() == dt.timedelta(hours=7)
    with pytest.raises(InvalidFieldError):
        parse_datetime("2024-02-28T09:00:00", field="deleted_at")


def test_clean_publication_collects_every_error() -> None:
    cleaned, errors = clean_publication(
        {
            "title": "  Kota Pariaman Dalam Angka 2024 ",
            "catalogue_number": "1102001.137",
            "issn_print": "0317-8472",
            "isbn": "978-0-306-40615-7",
            "year": "20x4",
            "frequency": "tahunan",
            "release_date": "28-02-2024",
            "subjects": ["Statistik Daerah", "statistik  daerah", " ", "Kependudukan"],
            "contributors": [ContributorSpec("BPS Kota Pariaman", "aut", "organisation")],
        }
    )
    assert sorted(error.field for error in errors) == [
        "catalogue_number",
        "issn_print",
        "release_date",
        "year",
    ]
    assert cleaned["title"] == "Kota Pariaman Dalam Angka 2024"
    assert cleaned["isbn"] == "9780306406157"
    assert cleaned["frequency"] == "annual"
    assert cleaned["subjects"] == ["Statistik Daerah", "Kependudukan"]


def test_clean_publication_requires_a_title_and_rejects_unknown_fields() -> None:
    _, errors = clean_publication({"subtitle": "x", "colour": "red"})
    assert {(error.field, error.reason) for error in errors} == {
        ("title", "required"),
        ("colour", "unknown_field"),
    }
    _, errors = clean_publication({"subtitle": "x"}, partial=True)
    assert errors == []


def test_contributor_roles_and_kinds_are_checked() -> None:
    _, errors = clean_publication(
        {"title": "t", "contributors": [ContributorSpec("Budi", "singer", "person")]}
    )
    assert [(error.field, error.reason) for error in errors] == [("contributors", "choice")]
    cleaned, errors = clean_publication(
        {"title": "t", "contributors": [("Budi", "Penyunting"), ("Ani", "aut", "person")]}
    )
    assert errors == []
    assert cleaned["contributors"] == [
        ContributorSpec("Budi", "edt", "person"),
        ContributorSpec("Ani", "aut", "person"),
    ]


def test_clean_holding() -> None:
    cleaned, errors = clean_holding(
        {"barcode": " B0001 ", "status": "Di ruang baca", "acquisition_date": "2024-01-05"}
    )
    assert errors == []
    assert cleaned == {
        "barcode": "B0001",
        "status": Holding.Status.READING_ROOM,
        "acquisition_date": dt.date(2024, 1, 5),
    }
    _, errors = clean_holding({"status": "lost", "condition": "ok"})
    assert sorted(error.field for error in errors) == ["barcode", "condition", "status"]
