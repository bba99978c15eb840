"""Pure checks of guestbook and desk input, and the error catalogue (no database)."""

from __future__ import annotations

import pytest

from common.pageranges import format_page_ranges, page_count
from visitors import errors
from visitors.errors import (
    BirthYearOutOfRangeError,
    FieldInvalidError,
    FieldRequiredError,
    GroupSizeError,
    InvalidEmailError,
    InvalidPhoneError,
    PageRangeError,
    VisitorError,
)
from visitors.models.choices import AgeBand, age_band
from visitors.services import validation as v


@pytest.mark.parametrize(
    "raw",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "+62 812 3456 7890",
        "+62-812-3456-7890",
        "+62 (0)812 3456 7890",
        "62 812 3456 7890",
        "0062 812 3456 7890",
        "812.3456.7890",
    ],
)
def test_indonesian_mobile_numbers_normalise_to_one_e164_form(raw: str) -> None:
    assert v.normalise_phone(raw) == "+6281234567890"


def test_short_and_long_mobile_numbers_keep_their_digits() -> None:
    assert v.normalise_phone("0811 234 567") == "+62811234567"  # 9-digit NSN, oldest Halo
    assert v.normalise_phone("0857 1234 56789") == "+62857123456789"  # 13 digits with the 0


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "0812",
        "+1 415 555 0100",  # not Indonesian
        "0751 123456",  # a Pariaman landline, not a mobile
        "0812 3456 7890 123",  # too long
        "08l2 3456 7890",  # letter l for digit 1
        "٠٨١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits
        "0800 1234 5678",  # 80x is not an operator prefix
    ],
)
def test_anything_else_is_an_invalid_phone(raw: str) -> None:
    with pytest.raises(InvalidPhoneError):
        v.normalise_phone(raw)


def test_blank_phone_and_email_are_simply_absent() -> None:
    assert v.normalise_phone("  ") == ""
    assert v.normalise_email("") == ""


def test_email_is_stripped_and_lower_cased() -> None:
    assert v.normalise_email("  Budi.Santoso@Example.CO.ID ") == "budi.santoso@example.co.id"


@pytest.mark.parametrize(
    "raw",
    ["budi@", "budi at mail.com", "@mail.com", "budi@@mail.com", "budi@mail", "a" * 250 + "@x.id"],
)
def test_malformed_email_is_refused(raw: str) -> None:
    with pytest.raises(InvalidEmailError):
        v.normalise_email(raw)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  rina   marlina ", "rina marlina"),
        ("Drs. H. Ahmad Yani, M.Si.", "Drs. H. Ahmad Yani, M.Si."),
        ("Siti Nur-Aini", "Siti Nur-Aini"),
        ("A'an Ma’ruf", "A'an Ma’ruf"),
    ],
)
def test_names_keep_their_punctuation_and_lose_extra_spaces(raw: str, clean: str) -> None:
    assert v.clean_name(raw) == clean


@pytest.mark.parametrize("raw", ["081234567890", "Rina 2", "<script>", "...", "Rina\x00"])
def test_names_with_digits_symbols_or_no_letters_are_malformed(raw: str) -> None:
    with pytest.raises(FieldInvalidError) as caught:
        v.clean_name(raw)
    assert caught.value.field == "name"


def test_empty_name_is_required() -> None:
    with pytest.raises(FieldRequiredError) as caught:
        v.clean_name("   ")
    assert caught.value.field == "name"
    assert "Nama" in caught.value.message_id
    assert "Name" in caught.value.message_en


def test_birth_year_accepts_ages_5_to_100() -> None:
    assert v.clean_birth_year("1926", this_year=2026) == 1926
    assert v.clean_birth_year(2021, this_year=2026) == 2021
    for year in (1925, 2022, 3000, 0):
        with pytest.raises(BirthYearOutOfRangeError):
            v.clean_birth_year(year, this_year=2026)
    for bad in ("19x8", "-1990", "1990.5", True):
        with pytest.raises(FieldInvalidError):
            v.clean_birth_year(bad, this_year=2026)
    with pytest.raises(FieldRequiredError):
        v.clean_birth_year("", this_year=2026)


def test_group_counts() -> None:
    assert v.clean_group(is_group=False, sex="male", male_count=9, female_count=9) == (1, 0)
    assert v.clean_group(is_group=False, sex="female", male_count=None, female_count=None) == (0, 1)
    assert v.clean_group(is_group=True, sex="male", male_count="12", female_count=20) == (12, 20)
    with pytest.raises(GroupSizeError):
        v.clean_group(is_group=True, sex="male", male_count=1, female_count=0)
    with pytest.raises(GroupSizeError):
        v.clean_group(is_group=True, sex="male", male_count=400, female_count=101)
    with pytest.raises(FieldInvalidError) as caught:
        v.clean_group(is_group=True, sex="male", male_count=-3, female_count=5)
    assert caught.value.field == "male_count"
    with pytest.raises(FieldInvalidError):
        v.clean_group(is_group=True, sex="male", male_count=3, female_count="lima")


@pytest.mark.parametrize(
    ("raw", "ranges", "text", "pages"),
    [
        ("1-5, 9, 12-14", [(1, 5), (9, 9), (12, 14)], "1-5, 9, 12-14", 9),
        ("12-14;1–5 ,9", [(1, 5), (9, 9), (12, 14)], "1-5, 9, 12-14", 9),
        ("7", [(7, 7)], "7", 1),
        (" 3 - 3 ", [(3, 3)], "3", 1),
    ],
)
def test_page_ranges_parse_sort_and_count(
    raw: str, ranges: list[tuple[int, int]], text: str, pages: int
) -> None:
    parsed = v.parse_page_ranges(raw)
    assert parsed == ranges
    assert format_page_ranges(parsed) == text
    assert page_count(parsed) == pages


@pytest.mark.parametrize(
    "raw", ["", " , ", "5-1", "0", "0-3", "1-5, 3", "1-5, 5-7", "a-b", "1-", "1,,2", "10000", "1 5"]
)
def test_bad_page_ranges_are_refused(raw: str) -> None:
    with pytest.raises(PageRangeError):
        v.parse_page_ranges(raw)


def test_age_bands() -> None:
    assert age_band(birth_year=2010, at_year=2026) == AgeBand.UNDER_20
    assert age_band(birth_year=2006, at_year=2026) == AgeBand.FROM_20
    assert age_band(birth_year=1997, at_year=2026) == AgeBand.FROM_20
    assert age_band(birth_year=1996, at_year=2026) == AgeBand.FROM_30
    assert age_band(birth_year=1967, at_year=2026) == AgeBand.FROM_50
    assert age_band(birth_year=1966, at_year=2026) == AgeBand.FROM_60
    assert age_band(birth_year=None, at_year=2026) == AgeBand.UNKNOWN


def _error_classes() -> list[type[VisitorError]]:
    found = [
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type) and issubclass(obj, VisitorError) and obj is not VisitorError
    ]
    return [cls for cls in found if cls is not errors.FieldError]


def _instance(cls: type[VisitorError]) -> VisitorError:
    if issubclass(cls, errors.FieldError):
        return cls("email")
    if cls is errors.DuplicateSubmitError:
        return errors.DuplicateSubmitError(visit_id=1, queue_label="001")
    return cls()


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda cls: cls.__name__)
def test_every_error_speaks_indonesian_and_english(cls: type[VisitorError]) -> None:
    error = _instance(cls)
    message = error.user_message()
    assert message["id"] != VisitorError.message_id
    assert message["en"] != VisitorError.message_en
    assert message["id"] != message["en"]
    assert message["code"] == cls.code != VisitorError.code
    assert error.http_status in (400, 404, 409)


def test_error_codes_are_unique() -> None:
    codes = [cls.code for cls in _error_classes()]
    assert len(codes) == len(set(codes))
