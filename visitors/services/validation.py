"""Pure checks and normalisation of what the guestbook and the desk forms send.

No database here: a web form may call these to mark the offending field, and the
services call them again, so nothing unchecked is ever stored.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models

from common import contact, pageranges, validation
from common.pageranges import PageRanges
from visitors.errors import (
    BirthYearOutOfRangeError,
    FieldInvalidError,
    FieldRequiredError,
    GroupSizeError,
    InvalidEmailError,
    InvalidPhoneError,
    PageRangeError,
)

MIN_AGE = 5
MAX_AGE = 100
MAX_GROUP = 500

_NAME_PUNCTUATION = set(" .,'’-")


def normalise_phone(raw: str) -> str:
    """An Indonesian mobile number in E.164 (``+628…``); ``""`` when empty (the phone is
    optional when an email is given). The desk texts visitors, so landlines are refused."""
    return contact.normalise_phone(raw, mobile_only=True, error=InvalidPhoneError)


def normalise_email(raw: str) -> str:
    """The address stripped and lower-cased; ``""`` when empty."""
    return contact.normalise_email(raw, error=InvalidEmailError)


def clean_name(raw: str) -> str:
    """A person's name with whitespace collapsed: letters and name punctuation only.

    Digits are refused: a phone number typed into the name field is the usual kiosk slip.
    """
    text = " ".join((raw or "").split())
    if not text:
        raise FieldRequiredError("name")
    if len(text) > 150:
        raise FieldInvalidError("name", "longer than 150 characters")
    if not any(ch.isalpha() for ch in text) or not all(
        ch.isalpha() or ch in _NAME_PUNCTUATION or unicodedata.category(ch).startswith("M")
        for ch in text
    ):
        raise FieldInvalidError("name", "characters not found in names")
    return text


def clean_text(field: str, raw: str, *, max_length: int) -> str:
    """Optional free text (e.g. the institution): whitespace collapsed, no control characters."""
    text = " ".join((raw or "").split())
    if len(text) > max_length:
        raise FieldInvalidError(field, f"longer than {max_length} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise FieldInvalidError(field, "control characters")
    return text


def clean_choice(field: str, raw: str, choices: type[models.TextChoices]) -> str:
    return validation.clean_choice(
        field, raw, choices, required=FieldRequiredError, invalid=FieldInvalidError
    )


def clean_birth_year(raw: int | str | None, *, this_year: int) -> int:
    """A four-digit year for an age between MIN_AGE and MAX_AGE in ``this_year``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise FieldRequiredError("birth_year")
    if isinstance(raw, bool):
        raise FieldInvalidError("birth_year", "not a year")
    if isinstance(raw, str):
        if not re.fullmatch(r"[0-9]{1,4}", raw.strip(), re.ASCII):
            raise FieldInvalidError("birth_year", "not a year")
        raw = int(raw.strip())
    if not this_year - MAX_AGE <= raw <= this_year - MIN_AGE:
        raise BirthYearOutOfRangeError(
            f"{raw} outside {this_year - MAX_AGE}..{this_year - MIN_AGE}"
        )
    return raw


def clean_count(field: str, raw: int | str | None) -> int:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0
    if isinstance(raw, bool):
        raise FieldInvalidError(field, "not a number")
    if isinstance(raw, str):
        if not re.fullmatch(r"[0-9]{1,4}", raw.strip(), re.ASCII):
            raise FieldInvalidError(field, "not a whole number")
        raw = int(raw.strip())
    if raw < 0:
        raise FieldInvalidError(field, "negative")
    return raw


def clean_group(
    *, is_group: bool, sex: str, male_count: int | str | None, female_count: int | str | None
) -> tuple[int, int]:
    """Counts by sex: the visitor alone, or a group of 2 to MAX_GROUP people."""
    if not is_group:
        return (1, 0) if sex == "male" else (0, 1)
    men, women = clean_count("male_count", male_count), clean_count("female_count", female_count)
    if not 2 <= men + women <= MAX_GROUP:
        raise GroupSizeError(f"{men} + {women} people")
    return men, women


def parse_page_ranges(text: str) -> PageRanges:
    """A photocopy form's pages, in the one written format (``common.pageranges``);
    empty is refused: the cooperative must know what to copy."""
    return pageranges.parse_page_ranges(text, required=True, error=PageRangeError)
