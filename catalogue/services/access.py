"""Writes of the access log: who read or downloaded which softcopy, when, from where."""

from __future__ import annotations

import datetime as dt
import ipaddress

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from catalogue.errors import InvalidFieldError
from catalogue.models import AccessLog, Softcopy
from catalogue.validation import check_choice


def access_log_record(
    *,
    softcopy: Softcopy,
    action: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    ip_address: str | None = None,
    at: dt.datetime | None = None,
) -> AccessLog:
    """One read or download; an anonymous visitor is logged without a user."""
    value = check_choice(action, AccessLog.Action, field="action")
    address = None
    if ip_address:
        try:
            address = str(ipaddress.ip_address(ip_address.strip()))
        except ValueError:
            raise InvalidFieldError(
                ip_address,
                field="ip_address",
                reason="format",
                message=("Alamat IP tidak sah.", "The IP address is not valid."),
            ) from None
    user_id = user.pk if isinstance(user, AbstractBaseUser) else None
    return AccessLog.objects.create(
        softcopy=softcopy,
        action=value,
        user_id=user_id,
        ip_address=address,
        accessed_at=at or timezone.now(),
    )
