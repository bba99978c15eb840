"""Pure checks of what the forms send; the services call them so nothing unchecked is stored."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from feedback.errors import (
    FieldInvalidError,
    FieldRequiredError,
    FieldTooLongError,
    InvalidEmailError,
    InvalidPhoneError,
    LaporTicketError,
)

_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
# Indonesian numbers, mobile or landline: a national number of 8 to 12 digits, no leading 0.
_NATIONAL = re.compile(r"[1-9][0-9]{7,11}", re.ASCII)
# LAPOR! shows its tracking numbers as digits, sometimes with a "#" or letters and hyphens:
# accept that loosely, as long as at least four digits are in it.
_LAPOR = re.compile(r"#?[A-Za-z0-9][A-Za-z0-9\-/]{3,29}", re.ASCII)


def clean_text(field: str, raw: str, *, max_length: int, required: bool, multiline: bool) -> str:
    """Trimmed text without control characters (line breaks kept when ``multiline``)."""
    text = (raw or "").strip()
    if not multiline:
        text = " ".join(text.split())
    else:
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    if not text:
        if required:
            raise FieldRequiredError(field)
        return ""
    if len(text) > max_length:
        raise FieldTooLongError(field, f"longer than {max_length} characters")
    allowed = {"\n", "\t"} if multiline else set()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise FieldInvalidError(field, "control characters")
    return text


def clean_choice(field: str, raw: str, choices: type[models.TextChoices]) -> str:
    value = (raw or "").strip()
    if not value:
        raise FieldRequiredError(field)
    if value not in choices.values:
        raise FieldInvalidError(field, "not one of the offered choices")
    return value


def normalise_phone(raw: str) -> str:
    """An Indonesian number in E.164 (``+62…``) from ``0812…``, ``+62 812…``, ``(0751) …``."""
    text = _PHONE_SEPARATORS.sub("", raw or "")
    if not text:
        return ""
    if text.startswith("+"):
        if not text.startswith("+62"):
            raise InvalidPhoneError("not an Indonesian number")
        national = text[3:]
    elif text.startswith("62"):
        national = text[2:]
    else:
        national = text
    national = national.removeprefix("0")
    if not _NATIONAL.fullmatch(national):
        raise InvalidPhoneError("not a phone number")
    return f"+62{national}"


def normalise_email(raw: str) -> str:
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


def clean_lapor_ticket(raw: str) -> str:
    text = (raw or "").strip()
    if not text:
        raise FieldRequiredError("lapor_ticket")
    if not _LAPOR.fullmatch(text) or sum(ch.isdigit() for ch in text) < 4:
        raise LaporTicketError(text[:40])
    return text
