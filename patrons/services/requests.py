"""Softcopy requests: created by a verified patron, decided by staff, answered by email.

An approval emails a signed link that expires; the link names the request, and the
request (the source of truth) must still be approved, unexpired and its patron present.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone

from catalogue.models import Publication, Softcopy
from catalogue.selectors.access import access_levels_for, softcopy_readable_by
from common.pageranges import normalise_page_ranges
from patrons.errors import (
    AlreadyDecidedError,
    LinkExpiredError,
    LinkInvalidError,
    LinkNotYoursError,
    NoLongerAvailableError,
    NotAPatronError,
    NotVerifiedError,
    PageRangeError,
    PublicationUnavailableError,
    PurposeInvalidError,
    ReasonRequiredError,
)
from patrons.models import Patron, SoftcopyRequest
from patrons.services.accounts import patron_touch
from patrons.services.links import DOWNLOAD_SALT, make_token, read_token
from patrons.services.mail import patron_mail_send, public_url


def pages_normalise(raw: str) -> str:
    """The pages asked for, in the one written format (``"1-5, 9"``); empty = all."""
    result = normalise_page_ranges(raw, error=PageRangeError)
    if len(result) > 200:  # the field's max_length
        raise PageRangeError(raw)
    return result


def _requestable(publication_id: int, user: AbstractBaseUser) -> Publication:
    """A public, live record with a softcopy at a level this patron may read (a staff-only
    file is never sent by request, whoever approves it)."""
    publication = Publication.objects.filter(
        pk=publication_id, deleted_at__isnull=True, visibility=Publication.Visibility.PUBLIC
    ).first()
    levels = access_levels_for(user)
    if publication is None or not publication.softcopies.filter(access_level__in=levels).exists():
        raise PublicationUnavailableError(str(publication_id))
    return publication


def _verified_patron(user: AbstractBaseUser) -> Patron:
    patron = Patron.objects.filter(user_id=user.pk).first()
    if patron is None:
        raise NotAPatronError(str(user.pk))
    if not patron.verified:
        raise NotVerifiedError(str(user.pk))
    return patron


def request_create(
    *, user: AbstractBaseUser, publication_id: int, purpose: str, purpose_detail: str = "",
    pages: str = "",
) -> SoftcopyRequest:  # fmt: skip
    """A pending request for a publication's softcopy."""
    _verified_patron(user)
    if purpose not in SoftcopyRequest.Purpose.values:
        raise PurposeInvalidError(purpose)
    publication = _requestable(publication_id, user)
    request = SoftcopyRequest.objects.create(
        patron_id=user.pk,
        publication=publication,
        purpose=purpose,
        purpose_detail=(purpose_detail or "").strip()[:2000],
        pages=pages_normalise(pages),
    )
    patron_touch(user=user)  # type: ignore[arg-type]
    return request


def _pending_for_update(request_id: int) -> SoftcopyRequest:
    request = (
        SoftcopyRequest.objects.select_for_update(of=("self",))
        .select_related("patron", "publication")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise LinkInvalidError(str(request_id))
    if request.status != SoftcopyRequest.Status.PENDING or request.patron is None:
        raise AlreadyDecidedError(str(request_id))
    return request


def _newest_softcopy(publication: Publication | None, patron: User | None) -> Softcopy:
    """The newest softcopy of the record that the patron may read (by the rule as it is
    now, not as it was when they asked)."""
    softcopy = (
        Softcopy.objects.filter(publication=publication, access_level__in=access_levels_for(patron))
        .order_by("-version", "-pk")
        .first()
        if publication is not None
        else None
    )
    if softcopy is None:
        raise PublicationUnavailableError()
    return softcopy


def request_approve(
    *,
    request_id: int,
    staff: User,
    softcopy_id: int | None = None,
    now: datetime | None = None,
    base_url: str | None = None,
) -> SoftcopyRequest:
    """Approve, and email the patron a download link valid for PATRON_DOWNLOAD_LINK_DAYS.

    ``base_url`` is the public root for the link (default: the setting).
    """
    now = now or timezone.now()
    days = settings.PATRON_DOWNLOAD_LINK_DAYS
    with transaction.atomic():
        request = _pending_for_update(request_id)
        if softcopy_id is not None:
            softcopy = Softcopy.objects.filter(
                pk=softcopy_id, publication=request.publication
            ).first()
            if softcopy is None or not softcopy_readable_by(softcopy, request.patron):
                raise PublicationUnavailableError(str(softcopy_id))
        else:
            softcopy = _newest_softcopy(request.publication, request.patron)
        request.softcopy = softcopy
        request.status = SoftcopyRequest.Status.APPROVED
        request.decided_at = now
        request.decided_by = staff
        request.link_expires_at = now + timedelta(days=days)
        request.save()
        token = make_token({"r": request.pk}, salt=DOWNLOAD_SALT)
        context = {
            "request": request,
            "name": request.patron.first_name if request.patron else "",
            "url": public_url("softcopy-request-download", token, base=base_url),
            "expires_at": request.link_expires_at,
            "days": days,
        }
        address = request.patron.email if request.patron else ""
        transaction.on_commit(
            lambda: patron_mail_send(to=address, template="request_approved", context=context)
        )
    return request


def request_reject(
    *,
    request_id: int,
    staff: User,
    reason: str,
    now: datetime | None = None,
    base_url: str | None = None,
) -> SoftcopyRequest:
    """Reject with a reason the patron receives by email (links under ``base_url``)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequiredError()
    with transaction.atomic():
        request = _pending_for_update(request_id)
        request.status = SoftcopyRequest.Status.REJECTED
        request.decided_at = now or timezone.now()
        request.decided_by = staff
        request.rejection_reason = reason[:2000]
        request.save()
        context = {
            "request": request,
            "name": request.patron.first_name if request.patron else "",
            "reason": request.rejection_reason,
            "account_url": public_url("patron-account", base=base_url),
        }
        address = request.patron.email if request.patron else ""
        transaction.on_commit(
            lambda: patron_mail_send(to=address, template="request_rejected", context=context)
        )
    return request


def download_token_resolve(
    *, token: str, user: AbstractBaseUser | None = None, now: datetime | None = None
) -> SoftcopyRequest:
    """The approved request a download link names, if ``user`` may download it now.

    Checked at each use, not only at approval: the link works only for the patron it
    was sent to (signed in), and only while the current access rule still lets that
    patron read the file (a hidden publication or a stricter level ends it).
    """
    now = now or timezone.now()
    days = settings.PATRON_DOWNLOAD_LINK_DAYS
    payload = read_token(token, salt=DOWNLOAD_SALT, max_age_seconds=days * 24 * 3600)
    request = (
        SoftcopyRequest.objects.select_related("softcopy", "patron", "publication")
        .filter(pk=str(payload.get("r", "")), status=SoftcopyRequest.Status.APPROVED)
        .first()
    )
    if request is None or request.patron is None or request.softcopy is None:
        raise LinkInvalidError("request gone")
    if request.link_expires_at is None or request.link_expires_at <= now:
        raise LinkExpiredError("request link expired")
    if user is None or user.pk != request.patron_id:
        raise LinkNotYoursError(f"request {request.pk}")
    if not softcopy_readable_by(request.softcopy, request.patron):
        raise NoLongerAvailableError(f"softcopy {request.softcopy_id}")
    return request


def download_record(*, request: SoftcopyRequest, now: datetime | None = None) -> None:
    """Remember the first download (the queue shows whether the patron got the file)."""
    SoftcopyRequest.objects.filter(pk=request.pk, downloaded_at__isnull=True).update(
        downloaded_at=now or timezone.now()
    )
