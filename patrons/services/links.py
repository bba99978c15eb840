"""Signed, expiring tokens for the links the library emails (verification, download).

The signature makes a link unguessable and tamper-evident; its timestamp bounds its life.
Each kind of link has its own salt, so one kind can never be replayed as another.
"""

from __future__ import annotations

from django.core import signing

from patrons.errors import LinkExpiredError, LinkInvalidError

VERIFY_SALT = "patrons.verify-email"
DOWNLOAD_SALT = "patrons.softcopy-download"


def make_token(payload: dict[str, int | str], *, salt: str) -> str:
    return signing.dumps(payload, salt=salt, compress=True)


def read_token(token: str, *, salt: str, max_age_seconds: int) -> dict[str, int | str]:
    """The payload, or LinkExpiredError / LinkInvalidError (altered, foreign, garbage)."""
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age_seconds)
    except signing.SignatureExpired:
        raise LinkExpiredError("expired") from None
    except signing.BadSignature:
        raise LinkInvalidError("bad signature") from None
    if not isinstance(payload, dict):
        raise LinkInvalidError("bad payload")
    return payload
