"""Patron accounts: registration with consent, email verification, activity, erasure.

An account is a Django ``User`` (username = email, lower-cased; inactive until verified)
plus a ``Patron`` profile. Registration answers the same whether or not the address is
known: a known address gets an email saying so instead of a second account.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.contact import normalise_email
from patrons.errors import (
    ConsentRequiredError,
    InvalidEmailError,
    LinkInvalidError,
    NameRequiredError,
    StaffAccountError,
)
from patrons.models import Patron, SoftcopyRequest
from patrons.selectors.accounts import verification_accounts
from patrons.services.links import VERIFY_SALT, make_token
from patrons.services.mail import patron_mail_send, public_url

# Bump when the privacy notice changes, so consent records say which text was agreed to.
PRIVACY_NOTICE_VERSION = "2026-11"


class Registration(enum.Enum):
    """What registering did; the visitor sees the same message for all of them."""

    CREATED = "created"
    RESENT = "resent"  # an unverified account: details updated, a fresh link sent
    KNOWN = "known"  # a verified or staff account: told by email, nothing changed
    THROTTLED = "throttled"  # an email went out a moment ago; none sent now


def email_normalise(raw: str) -> str:
    """The address as stored and compared: trimmed, lower-cased, syntactically valid."""
    return normalise_email(raw, required=True, error=InvalidEmailError)


def user_by_email(address: str) -> User | None:
    return (
        User.objects.filter(Q(username__iexact=address) | Q(email__iexact=address))
        .select_related("patron")
        .order_by("pk")
        .first()
    )


def patron_register(
    *,
    name: str,
    email: str,
    password: str,
    institution: str = "",
    consent: bool,
    now: datetime | None = None,
    base_url: str | None = None,
) -> Registration:
    """Create an unverified account and email its verification link.

    The password must already have passed Django's validators (the form does that).
    ``base_url`` is the public root for the emailed links (default: the setting).
    """
    if not consent:
        raise ConsentRequiredError()
    name = " ".join((name or "").split())[:150]
    if not name:
        raise NameRequiredError()
    address = email_normalise(email)
    now = now or timezone.now()
    user, patron, outcome = _account_for(address, name, password, institution.strip()[:200], now)
    if patron is None:
        return outcome  # a staff account: nothing to mail from here
    if outcome is not Registration.CREATED and _throttled(patron, now):
        return Registration.THROTTLED
    if outcome is Registration.KNOWN:
        context = {"name": user.first_name, "login_url": public_url("patron-login", base=base_url)}
        context["reset_url"] = public_url("patron-password-reset", base=base_url)
        sent = patron_mail_send(to=address, template="account_exists", context=context)
    else:
        sent = _send_verification(user, address, base_url)
    if sent:
        Patron.objects.filter(pk=patron.pk).update(last_mail_at=now)
    return outcome


def _account_for(
    address: str, name: str, password: str, institution: str, now: datetime
) -> tuple[User, Patron | None, Registration]:
    """Create the account, refresh an unverified one, or leave a known one alone."""
    patron: Patron | None
    with transaction.atomic():
        user = user_by_email(address)
        if user is None:
            user = User(username=address, email=address, first_name=name, is_active=False)
            user.set_password(password)
            user.save()
            patron = Patron.objects.create(
                user=user,
                institution=institution,
                consent_at=now,
                consent_version=PRIVACY_NOTICE_VERSION,
            )
            outcome = Registration.CREATED
        else:
            patron = getattr(user, "patron", None)
            if patron is None or patron.verified:
                outcome = Registration.KNOWN
            else:
                # Only whoever reads this inbox can activate the account, so the latest
                # details win; the earlier link stays valid (it names the same user).
                user.first_name = name
                user.set_password(password)
                user.save(update_fields=["first_name", "password"])
                patron.institution = institution
                patron.consent_at = now
                patron.consent_version = PRIVACY_NOTICE_VERSION
                patron.save(update_fields=["institution", "consent_at", "consent_version"])
                outcome = Registration.RESENT
    return user, patron, outcome


def patron_reset_mail_claim(*, user: User, now: datetime | None = None) -> bool:
    """Whether a password-reset mail may go to this account now, and if so note it.

    One account email per address per PATRON_MAIL_INTERVAL_SECONDS, as for registration:
    the reset form cannot be used to flood an inbox. Staff accounts get no reset from the
    patrons' page (they sign in, and are helped, on the staff side).
    """
    now = now or timezone.now()
    if user.is_staff or user.is_superuser:
        return False
    interval = timedelta(seconds=settings.PATRON_MAIL_INTERVAL_SECONDS)
    due = Q(last_reset_mail_at__isnull=True) | Q(last_reset_mail_at__lte=now - interval)
    return bool(Patron.objects.filter(due, user_id=user.pk).update(last_reset_mail_at=now))


def _throttled(patron: Patron, now: datetime) -> bool:
    interval = timedelta(seconds=settings.PATRON_MAIL_INTERVAL_SECONDS)
    return patron.last_mail_at is not None and now - patron.last_mail_at < interval


def _send_verification(user: User, address: str, base_url: str | None) -> bool:
    token = make_token({"u": user.pk, "e": address}, salt=VERIFY_SALT)
    hours = settings.PATRON_VERIFY_LINK_HOURS
    url = public_url("patron-verify", token, base=base_url)
    context = {"name": user.first_name, "url": url, "hours": hours}
    return patron_mail_send(to=address, template="verify", context=context)


def patron_verify(*, token: str, now: datetime | None = None) -> User:
    """Activate the account a verification link names; idempotent for a verified one.

    Called only from the confirmation (POST): opening the link alone changes nothing.
    """
    with transaction.atomic():
        locked = verification_accounts(token=token).select_for_update(of=("self", "user"))
        patron = locked.first()
        if patron is None:
            raise LinkInvalidError("no such account")  # deleted, or purged unverified
        user = patron.user
        if not patron.verified:
            patron.verified_at = now or timezone.now()
            patron.save(update_fields=["verified_at"])
            user.is_active = True
            user.save(update_fields=["is_active"])
    return user


def patron_touch(*, user: User, now: datetime | None = None) -> None:
    """Note activity (sign-in, a request): retention counts inactivity from here."""
    Patron.objects.filter(user_id=user.pk).update(last_activity=now or timezone.now())


def patron_erase(*, user: User) -> None:
    """Delete the account and its personal data; its requests stay as anonymous statistics.

    Access-log rows lose their user through the foreign key (SET NULL).
    """
    if user.is_staff or user.is_superuser:
        raise StaffAccountError(user.get_username())
    with transaction.atomic():
        SoftcopyRequest.objects.filter(patron=user).update(
            patron=None, purpose_detail="", rejection_reason=""
        )
        user.delete()  # the Patron profile goes with it (CASCADE)
