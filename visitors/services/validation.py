"""Pure checks and normalisation of what the guestbook and the desk forms send.

No database here: a web form may call these to mark the offending field, and the
services call them again, so nothing unchecked is ever stored.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

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
MAX_PAGE = 9999

_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
# Indonesian mobile numbers: 8, then an operator digit, then 7-10 more (NSN of 9-12 digits).
_MOBILE_NSN = re.compile(r"8[1-9][0-9]{7,10}", re.ASCII)
_NAME_PUNCTUATION = set(" .,'’-")
_RANGE = re.compile(r"([0-9]+)(?:\s*[-–—]\s*([0-9]+))?", re.ASCII)


def normalise_phone(raw: str) -> str:
    """An Indonesian mobile number in E.164 (``+628…``) from ``0812…``, ``+62 812…``, ``62812…``.

    Empty input gives ``""`` (the phone is optional when an email is given).
    """
    text = _PHONE_SEPARATORS.sub("", raw or "")
    if not text:
        return ""
    if text.startswith("+"):
        if not text.startswith("+62"):
            raise InvalidPhoneError("not an Indonesian number")
        national = text[3:]
    elif text.startswith("0062"):
        national = text[4:]
    elif text.startswith("62"):
        national = text[2:]
    else:
        national = text
    national = national.removeprefix("0")  # 0812…, and +62 (0)812…
    if not _MOBILE_NSN.fullmatch(national):
        raise InvalidPhoneError("not an Indonesian mobile number")
    return f"+62{national}"


def normalise_email(raw: str) -> str:
    """The address stripped and lower-cased; ``""`` when empty."""
    text = (raw or "").strip().lower()
    if not text:
        return ""
    if len(text) > 254:
        raise InvalidEmailError("longer than 254 characters")
    try:
        validate_email(text)
    except ValidationError as exc:
        raise InvalidEmailError("rejected by the email validator") from exc
    return text


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
    value = (raw or "").strip()
    if not value:
        raise FieldRequiredError(field)
    if value not in choices.values:
        raise FieldInvalidError(field, "not one of the offered choices")
    return value


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


def parse_page_ranges(text: str) -> list[tuple[int, int]]:
    """``"1-5, 9, 12-14"`` → ``[(1, 5), (9, 9), (12, 14)]``, sorted; overlaps are refused."""
    parts = [part.strip() for part in re.split(r"[,;]", text or "")]
    if not any(parts):
        raise PageRangeError("empty")
    ranges: list[tuple[int, int]] = []
    for part in parts:
        match = _RANGE.fullmatch(part)
        if match is None:
            raise PageRangeError(f"cannot read {part[:20]!r}")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if not 1 <= first <= last <= MAX_PAGE:
            raise PageRangeError(f"{first}-{last}: pages run from 1 to {MAX_PAGE}, low to high")
        ranges.append((first, last))
    ranges.sort()
    for (_, end), (start, _) in itertools.pairwise(ranges):
        if start <= end:
            raise PageRangeError(f"page {start} is asked for twice")
    return ranges


def format_page_ranges(ranges: list[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def page_count(ranges: list[tuple[int, int]]) -> int:
    return sum(b - a + 1 for a, b in ranges)
