"""Pure checks of what the forms send; the services call them so nothing unchecked is stored."""

from __future__ import annotations

import re
import unicodedata

from django.db import models

from common import contact, validation
from feedback.errors import (
    FieldInvalidError,
    FieldRequiredError,
    FieldTooLongError,
    InvalidEmailError,
    InvalidPhoneError,
    LaporTicketError,
)

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
    return validation.clean_choice(
        field, raw, choices, required=FieldRequiredError, invalid=FieldInvalidError
    )


def normalise_phone(raw: str) -> str:
    """An Indonesian number, mobile or landline, in E.164 (``+62…``); ``""`` when empty."""
    return contact.normalise_phone(raw, mobile_only=False, error=InvalidPhoneError)


def normalise_email(raw: str) -> str:
    return contact.normalise_email(raw, error=InvalidEmailError)


def clean_lapor_ticket(raw: str) -> str:
    text = (raw or "").strip()
    if not text:
        raise FieldRequiredError("lapor_ticket")
    if not _LAPOR.fullmatch(text) or sum(ch.isdigit() for ch in text) < 4:
        raise LaporTicketError(text[:40])
    return text
