"""Account services: registration, verification links, enumeration safety, erasure.

Fast tests on Django's in-memory mail outbox; the SMTP path is driven end to end in
tests/portal/test_accounts_flow.py.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from catalogue.models import AccessLog
from catalogue.services.access import access_log_record
from patrons.errors import (
    ConsentRequiredError,
    InvalidEmailError,
    LinkExpiredError,
    LinkInvalidError,
    StaffAccountError,
)
from patrons.models import Patron, SoftcopyRequest
from patrons.selectors.accounts import verification_account
from patrons.services.accounts import Registration, patron_erase, patron_register, patron_verify
from patrons.services.links import make_token
from patrons.services.requests import request_create
from tests.patrons.support import PASSWORD, make_softcopy

pytest_plugins = ["tests.patrons.fixtures"]
pytestmark = pytest.mark.django_db


def _register(email: str = "Siti.Rahma@Contoh.ID", **extra: object) -> Registration:
    fields: dict[str, object] = {
        "name": "Siti Rahma",
        "email": email,
        "password": PASSWORD,
        "institution": "Universitas Andalas",
        "consent": True,
    }
    return patron_register(**{**fields, **extra})  # type: ignore[arg-type]


def _token_from_outbox() -> str:
    match = re.search(r"/akun/verifikasi/([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_registration_creates_an_inactive_account_with_consent_and_sends_a_link() -> None:
    assert _register() is Registration.CREATED
    user = User.objects.get()
    assert user.username == user.email == "siti.rahma@contoh.id"  # normalised
    assert not user.is_active
    assert user.check_password(PASSWORD)
    patron = Patron.objects.get(user=user)
    assert patron.consent_at is not None
    assert patron.consent_version
    assert patron.verified_at is None
    assert patron.institution == "Universitas Andalas"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti.rahma@contoh.id"]
    assert mail.outbox[0].subject.startswith("Verifikasi akun Pustaka")

    verified = patron_verify(token=_token_from_outbox())
    verified.refresh_from_db()
    assert verified.is_active
    assert verified.patron.verified_at is not None


def test_consent_and_a_valid_email_are_required() -> None:
    with pytest.raises(ConsentRequiredError):
        _register(consent=False)
    with pytest.raises(InvalidEmailError):
        _register(email="bukan-surel")
    assert not User.objects.exists()
    assert mail.outbox == []


def test_tampered_foreign_and_expired_verification_links_are_refused(settings) -> None:
    _register()
    token = _token_from_outbox()
    with pytest.raises(LinkInvalidError):
        patron_verify(token=token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    user = User.objects.get()
    # A well-signed link of another kind (another salt) is not a verification link.
    with pytest.raises(LinkInvalidError):
        patron_verify(token=make_token({"u": user.pk, "e": user.email}, salt="other"))
    # A link older than its life (here: a life of zero hours) has expired.
    settings.PATRON_VERIFY_LINK_HOURS = 0
    with pytest.raises(LinkExpiredError):
        patron_verify(token=token)
    with pytest.raises(LinkExpiredError):
        verification_account(token=token)
    user.refresh_from_db()
    assert not user.is_active


def test_reading_a_verification_link_activates_nothing() -> None:
    _register()
    token = _token_from_outbox()
    assert verification_account(token=token).user.email == "siti.rahma@contoh.id"
    user = User.objects.get()
    assert not user.is_active
    assert user.patron.verified_at is None
    with pytest.raises(LinkInvalidError):
        verification_account(token=token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    user.delete()  # a purged account's link names nothing any more
    with pytest.raises(LinkInvalidError):
        verification_account(token=token)
    with pytest.raises(LinkInvalidError):
        patron_verify(token=token)


def test_registering_a_known_address_reveals_nothing_and_changes_nothing() -> None:
    _register()
    patron_verify(token=_token_from_outbox())
    Patron.objects.update(last_mail_at=None)
    before = User.objects.get().password
    assert _register(email="SITI.RAHMA@contoh.id", password="Lain-lain-2026!") is Registration.KNOWN
    assert User.objects.count() == 1
    assert User.objects.get().password == before
    assert mail.outbox[-1].subject.startswith("Akun Pustaka Anda")
    assert "/akun/sandi/lupa/" in mail.outbox[-1].body
    # A second try within the interval sends nothing (no inbox flooding).
    assert _register() is Registration.THROTTLED
    assert len(mail.outbox) == 2


def test_re_registering_an_unverified_address_resends_a_link(settings) -> None:
    settings.PATRON_MAIL_INTERVAL_SECONDS = 0
    _register()
    assert _register(name="Siti R.", password="Baru-Sekali-2026!") is Registration.RESENT
    user = User.objects.get()
    assert user.first_name == "Siti R."
    assert user.check_password("Baru-Sekali-2026!")
    assert len(mail.outbox) == 2
    patron_verify(token=_token_from_outbox())
    assert User.objects.get().is_active


def test_erasure_keeps_anonymous_request_statistics(storage) -> None:
    softcopy = make_softcopy()
    _register()
    user = patron_verify(token=_token_from_outbox())
    made = request_create(
        user=user, publication_id=softcopy.publication_id, purpose="research",
        purpose_detail="Skripsi tentang Siti di Pariaman", pages="1-2",
    )  # fmt: skip
    access_log_record(softcopy=softcopy, action=AccessLog.Action.READ, user=user)

    patron_erase(user=user)

    assert not User.objects.filter(email="siti.rahma@contoh.id").exists()
    assert not Patron.objects.exists()
    kept = SoftcopyRequest.objects.get(pk=made.pk)
    assert kept.patron is None
    assert kept.purpose_detail == ""
    assert kept.purpose == "research"
    assert kept.publication_id == softcopy.publication_id
    assert AccessLog.objects.get().user is None


def test_staff_accounts_are_not_erased_here() -> None:
    staff = User.objects.create_user("pustakawan", password=PASSWORD, is_staff=True)
    with pytest.raises(StaffAccountError):
        patron_erase(user=staff)
    assert User.objects.filter(pk=staff.pk).exists()


def test_verifying_twice_is_harmless() -> None:
    _register()
    token = _token_from_outbox()
    first = patron_verify(token=token).patron.verified_at
    later = timezone.now() + timedelta(hours=1)
    assert patron_verify(token=token, now=later).patron.verified_at == first
