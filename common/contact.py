"""Email addresses and Indonesian phone numbers as they are stored and compared.

Each normaliser raises the caller's own error class (``error=``), so a domain's edge keeps
catching its own package's errors while the rule itself lives here once.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from common.errors import InvalidEmailError, InvalidPhoneError, PustakaError

MAX_EMAIL_LENGTH = 254  # RFC 5321's path limit, and the length of Django's email fields

_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
# Indonesian mobile numbers: 8, then an operator digit, then 7-10 more (NSN of 9-12 digits).
_MOBILE_NSN = re.compile(r"8[1-9][0-9]{7,10}", re.ASCII)
# Any Indonesian number, mobile or landline: a national number of 8 to 12 digits, no leading 0.
_ANY_NSN = re.compile(r"[1-9][0-9]{7,11}", re.ASCII)


def normalise_email(
    raw: str, *, required: bool = False, error: type[PustakaError] = InvalidEmailError
) -> str:
    """The address trimmed and lower-cased, checked by Django's validator; ``""`` when empty
    and not ``required``."""
    text = (raw or "").strip().lower()
    if not text and not required:
        return ""
    if len(text) > MAX_EMAIL_LENGTH:
        raise error(f"longer than {MAX_EMAIL_LENGTH} characters")
    try:
        validate_email(text)
    except ValidationError as exc:
        raise error("rejected by the email validator") from exc
    return text


def normalise_phone(
    raw: str, *, mobile_only: bool, error: type[PustakaError] = InvalidPhoneError
) -> str:
    """An Indonesian number in E.164 (``+62…``) from ``0812…``, ``+62 812…``, ``0062…``,
    ``62812…`` or ``(0751) …``; ``""`` when empty (callers decide whether it is optional).

    ``mobile_only`` refuses landlines (the desk texts its visitors).
    """
    text = _PHONE_SEPARATORS.sub("", raw or "")
    if not text:
        return ""
    if text.startswith("+"):
        if not text.startswith("+62"):
            raise error("not an Indonesian number")
        national = text[3:]
    elif text.startswith("0062"):
        national = text[4:]
    elif text.startswith("62"):
        national = text[2:]
    else:
        national = text
    national = national.removeprefix("0")  # 0812…, and +62 (0)812…
    pattern = _MOBILE_NSN if mobile_only else _ANY_NSN
    if not pattern.fullmatch(national):
        raise error("not an Indonesian mobile number" if mobile_only else "not a phone number")
    return f"+62{national}"
