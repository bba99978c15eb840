"""Softcopy request services: who may request, page ranges, decisions, download links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from catalogue.models import Publication
from patrons.errors import (
    AlreadyDecidedError,
    LinkExpiredError,
    LinkInvalidError,
    NotAPatronError,
    NotVerifiedError,
    PageRangeError,
    PublicationUnavailableError,
    ReasonRequiredError,
)
from patrons.models import Patron, SoftcopyRequest
from patrons.services.links import DOWNLOAD_SALT, make_token
from patrons.services.requests import (
    download_token_resolve,
    pages_normalise,
    request_approve,
    request_create,
    request_reject,
)
from tests.patrons.support import PASSWORD, make_librarian, make_softcopy

pytest_plugins = ["tests.patrons.fixtures"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def patron(db: None) -> User:
    user = User.objects.create_user(
        "ani@contoh.id", email="ani@contoh.id", password=PASSWORD, first_name="Ani"
    )
    Patron.objects.create(user=user, consent_at=timezone.now(), consent_version="t",
                          verified_at=timezone.now())  # fmt: skip
    return user


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", ""), (" 1 -5,9 ", "1-5, 9"), ("3–4", "3-4"), ("7-7", "7"), ("12-14, 2", "2, 12-14")],
)
def test_page_ranges_are_normalised(raw: str, expected: str) -> None:
    assert pages_normalise(raw) == expected


@pytest.mark.parametrize("raw", ["0", "5-2", "a-b", "1,,2", "1-", "-3", "1-5, 4", "1 0"])
def test_bad_page_ranges_are_refused(raw: str) -> None:
    with pytest.raises(PageRangeError) as caught:
        pages_normalise(raw)
    assert "Rentang halaman" in caught.value.message_id
    assert "page range" in caught.value.message_en


def test_only_verified_patrons_request_available_publications(patron: User, storage) -> None:
    softcopy = make_softcopy()
    staff = User.objects.create_user("staf", password=PASSWORD, is_staff=True)
    with pytest.raises(NotAPatronError):
        request_create(user=staff, publication_id=softcopy.publication_id, purpose="work")
    Patron.objects.filter(user=patron).update(verified_at=None)
    with pytest.raises(NotVerifiedError):
        request_create(user=patron, publication_id=softcopy.publication_id, purpose="work")
    Patron.objects.filter(user=patron).update(verified_at=timezone.now())
    bare = Publication.objects.create(title="Tanpa salinan")
    with pytest.raises(PublicationUnavailableError):
        request_create(user=patron, publication_id=bare.pk, purpose="work")
    with pytest.raises(PageRangeError):
        request_create(user=patron, publication_id=softcopy.publication_id, purpose="work",
                       pages="x")  # fmt: skip
    assert not SoftcopyRequest.objects.exists()


def test_approval_records_who_and_mails_a_link_that_expires(
    patron: User,
    storage,
    django_capture_on_commit_callbacks,
) -> None:
    softcopy = make_softcopy()
    librarian = make_librarian()
    made = request_create(user=patron, publication_id=softcopy.publication_id, purpose="research")
    with django_capture_on_commit_callbacks(execute=True):
        approved = request_approve(request_id=made.pk, staff=librarian)
    assert approved.status == "approved"
    assert approved.decided_by == librarian
    assert approved.softcopy == softcopy
    assert approved.decided_at is not None
    assert len(mail.outbox) == 1
    assert "/akun/unduh/" in mail.outbox[0].body
    with pytest.raises(AlreadyDecidedError):
        request_reject(request_id=made.pk, staff=librarian, reason="dobel")

    token = make_token({"r": made.pk}, salt=DOWNLOAD_SALT)
    assert download_token_resolve(token=token, user=patron).pk == made.pk
    later = approved.link_expires_at + timedelta(seconds=1)  # type: ignore[operator]
    with pytest.raises(LinkExpiredError):
        download_token_resolve(token=token, user=patron, now=later)
    with pytest.raises(LinkInvalidError):
        download_token_resolve(
            token=make_token({"r": made.pk}, salt="patrons.verify-email"), user=patron
        )


def test_rejection_needs_a_reason_and_mails_it(
    patron: User,
    storage,
    django_capture_on_commit_callbacks,
) -> None:
    softcopy = make_softcopy()
    librarian = make_librarian()
    made = request_create(user=patron, publication_id=softcopy.publication_id, purpose="other")
    with pytest.raises(ReasonRequiredError):
        request_reject(request_id=made.pk, staff=librarian, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        request_reject(request_id=made.pk, staff=librarian, reason="Publikasi masih embargo.")
    made.refresh_from_db()
    assert made.status == "rejected"
    assert made.decided_by == librarian
    assert "Publikasi masih embargo." in mail.outbox[0].body
    token = make_token({"r": made.pk}, salt=DOWNLOAD_SALT)
    with pytest.raises(LinkInvalidError):
        download_token_resolve(token=token)  # a rejected request has no download


def test_librarians_may_decide_requests(db: None) -> None:
    import importlib

    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    roles = importlib.import_module("visitors.migrations.0002_staff_groups")
    roles.create_staff_groups(django_apps, None)  # a flushed test database lacks them
    grant = importlib.import_module("patrons.migrations.0002_librarians_decide_requests")
    grant.grant(django_apps, None)
    librarian = User.objects.create_user("pustakawan", password=PASSWORD, is_staff=True)
    librarian.groups.add(Group.objects.get(name="Pustakawan"))
    officer = User.objects.create_user("petugas", password=PASSWORD, is_staff=True)
    officer.groups.add(Group.objects.get(name="Petugas Layanan"))
    assert librarian.has_perm("patrons.decide_softcopyrequest")
    assert not officer.has_perm("patrons.decide_softcopyrequest")
