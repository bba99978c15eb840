"""The shared bottom layer: one page-range format, one email and phone rule, one error base.

Where the copies it replaced disagreed, each case is pinned here with the copy it changes.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from common import errors as common
from common.contact import normalise_email, normalise_phone
from common.language import in_language
from common.pageranges import (
    format_page_ranges,
    normalise_page_ranges,
    page_count,
    parse_page_ranges,
)
from feedback import errors as feedback_errors
from patrons import errors as patron_errors
from scanning import errors as scanning_errors
from visitors import errors as visitor_errors

# -- page ranges: the cases where scanning, patrons and visitors disagreed --------------


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("1-5,9", "1-5, 9"),  # scanning wrote "1-5,9"; one format now: comma and space
        ("1–5, 9", "1-5, 9"),  # en dash: scanning refused it
        ("1—5", "1-5"),  # em dash: only visitors read it
        ("9, 1-5", "1-5, 9"),  # order: scanning and patrons kept it, visitors sorted
        ("1-5; 9", "1-5, 9"),  # semicolon: only visitors read it
        (" 3 - 3 ", "3"),
        ("", ""),  # empty = the whole publication, where the caller allows it
        ("9999", "9999"),
    ],
)
def test_page_ranges_have_one_written_format(raw: str, written: str) -> None:
    assert normalise_page_ranges(raw) == written


@pytest.mark.parametrize(
    "raw",
    [
        "1-5, 3",  # overlap: only visitors refused it
        "1-5, 5-7",  # a shared edge page is asked for twice
        "2, 2",  # a repeated page
        "1 0",  # scanning and patrons read this as page 10
        "10000",  # scanning allowed up to 10000, patrons up to 99999
        "0",
        "5-2",
        "1-",
        "-3",
        "1,,2",
        "a-b",
    ],
)
def test_page_ranges_are_refused_the_same_way_everywhere(raw: str) -> None:
    with pytest.raises(common.PageRangeError):
        normalise_page_ranges(raw)


def test_an_empty_range_is_refused_where_pages_are_required() -> None:
    assert parse_page_ranges(" , ", required=False) == []
    with pytest.raises(common.PageRangeError):
        parse_page_ranges("", required=True)


def test_parsed_ranges_count_and_format() -> None:
    ranges = parse_page_ranges("12-14, 1-5, 9")
    assert ranges == [(1, 5), (9, 9), (12, 14)]
    assert page_count(ranges) == 9
    assert format_page_ranges(ranges) == "1-5, 9, 12-14"


@pytest.mark.parametrize(
    "error",
    [visitor_errors.PageRangeError, patron_errors.PageRangeError, scanning_errors.PageRangeError],
)
def test_each_domain_gets_its_own_error_with_the_shared_message(
    error: type[common.PustakaError],
) -> None:
    with pytest.raises(error) as caught:
        normalise_page_ranges("1-5, 3", error=error)
    assert isinstance(caught.value, common.PageRangeError)
    assert caught.value.code == "page_range_invalid"
    assert "1-5, 9, 12-14" in caught.value.message_id
    assert "1-5, 9, 12-14" in caught.value.message_en


# -- email: visitors/feedback, patrons and scanning differed ----------------------------


def test_email_is_trimmed_and_lower_cased_everywhere() -> None:
    # scanning kept the requester's capitals; every copy now stores one spelling
    assert normalise_email("  Siti@Example.ORG ") == "siti@example.org"


def test_an_overlong_email_is_refused_everywhere() -> None:
    # patrons and scanning let Django's validator decide (320 characters); 254 everywhere
    address = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".id"
    assert 254 < len(address) <= 320
    with pytest.raises(common.InvalidEmailError):
        normalise_email(address)


def test_empty_email_is_allowed_unless_required() -> None:
    assert normalise_email("  ") == ""
    with pytest.raises(patron_errors.InvalidEmailError):
        normalise_email("", required=True, error=patron_errors.InvalidEmailError)


# -- phone: the desk wants a mobile, feedback any number --------------------------------


@pytest.mark.parametrize("raw", ["0812 3456 7890", "+62 812-3456-7890", "0062 812 3456 7890"])
def test_mobile_numbers_are_stored_in_e164(raw: str) -> None:
    # "0062…" was read by the desk only; feedback now reads it too
    assert normalise_phone(raw, mobile_only=True) == "+6281234567890"
    assert normalise_phone(raw, mobile_only=False) == "+6281234567890"


def test_a_landline_is_refused_only_where_a_mobile_is_needed() -> None:
    assert normalise_phone("(0751) 123456", mobile_only=False) == "+62751123456"
    with pytest.raises(visitor_errors.InvalidPhoneError):
        normalise_phone("(0751) 123456", mobile_only=True, error=visitor_errors.InvalidPhoneError)


def test_a_foreign_number_is_refused() -> None:
    with pytest.raises(common.InvalidPhoneError):
        normalise_phone("+44 20 7946 0000", mobile_only=False)


# -- errors and language ------------------------------------------------------------------


def test_field_errors_name_the_field_in_each_domains_words() -> None:
    visitor = visitor_errors.FieldRequiredError("phone")
    complaint = feedback_errors.FieldRequiredError("contact_phone")
    assert isinstance(visitor, visitor_errors.VisitorError)
    assert isinstance(complaint, feedback_errors.FeedbackError)
    assert visitor.message_id == "Kolom “Nomor HP” wajib diisi."
    assert complaint.message_en == "The field “Phone number” is required."
    assert visitor.code == complaint.code == "field_required"
    # feedback never echoes what was typed (the detail) back to the screen
    assert "detail" not in complaint.user_message()
    assert visitor.user_message()["detail"] == "phone"


def test_every_package_base_derives_from_the_shared_one() -> None:
    from backups.errors import BackupError
    from catalogue.errors import CatalogueError
    from portal.errors import PortalError
    from search.errors import SearchError
    from workers.pipeline.errors import PipelineError

    for base in (BackupError, CatalogueError, SearchError, PortalError, PipelineError,
                 visitor_errors.VisitorError, patron_errors.PatronError,
                 feedback_errors.FeedbackError, scanning_errors.ScanningError):  # fmt: skip
        assert issubclass(base, common.PustakaError)


def test_in_language_reads_errors_and_messages() -> None:
    error = visitor_errors.NoFreeLockerError()
    with translation.override("en"):
        assert in_language(error) == error.message_en
        assert in_language({"id": "Halo"}) == "Halo"  # missing English: Indonesian shown
    with translation.override("id"):
        assert in_language(visitor_errors.NoFreeLockerError) == error.message_id
        assert in_language({"id": "Halo", "en": "Hello"}) == "Halo"
    assert in_language(None) == ""
