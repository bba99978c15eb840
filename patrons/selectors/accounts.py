"""Reading what a verification link names, without changing anything.

The confirm page (GET) uses this so that a mail scanner following the link learns
nothing and activates nothing; only the confirmation (POST) writes.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from patrons.errors import LinkInvalidError
from patrons.models import Patron
from patrons.services.links import VERIFY_SALT, read_token


def verification_accounts(*, token: str) -> QuerySet[Patron]:
    """The patron a verification token names (zero or one row), after the token checks.

    Raises LinkExpiredError / LinkInvalidError for an expired, altered or foreign token.
    """
    hours = settings.PATRON_VERIFY_LINK_HOURS
    payload = read_token(token, salt=VERIFY_SALT, max_age_seconds=hours * 3600)
    return Patron.objects.select_related("user").filter(
        user_id=str(payload.get("u", "")), user__email=str(payload.get("e", ""))
    )


def verification_account(*, token: str) -> Patron:
    """The patron a verification link names; LinkInvalidError if the account is gone."""
    patron = verification_accounts(token=token).first()
    if patron is None:
        raise LinkInvalidError("no such account")  # deleted, or purged unverified
    return patron
