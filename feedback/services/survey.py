"""Writes of the satisfaction survey: invite a visit, record an answer (once per visit)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from feedback.errors import RatingError, SurveyAlreadyAnsweredError, SurveyLinkError
from feedback.models import (
    ELEMENT_CODES,
    SurveyInvitation,
    SurveyReceipt,
    SurveyResponse,
)
from feedback.models.choices import SurveySource
from feedback.services.validation import clean_text

INVITATION_DAYS = 14  # long enough to answer at home, short enough not to linger


def survey_invitation_issue(*, visit_id: int, now: datetime | None = None) -> SurveyInvitation:
    """The visit's invitation, made on first call (pressing the button twice shows the same)."""
    now = now or timezone.now()
    invitation, _ = SurveyInvitation.objects.get_or_create(
        visit_id=visit_id,
        defaults={
            "token": secrets.token_urlsafe(24),
            "created_at": now,
            "expires_at": now + timedelta(days=INVITATION_DAYS),
        },
    )
    return invitation


def survey_invitation_check(*, token: str, now: datetime | None = None) -> SurveyInvitation:
    """The open invitation behind a token, or an error saying why it cannot be used."""
    now = now or timezone.now()
    invitation = SurveyInvitation.objects.filter(token=token).first() if token else None
    if invitation is None or invitation.expires_at <= now:
        raise SurveyLinkError("unknown or expired token")
    if SurveyReceipt.objects.filter(invitation=invitation).exists():
        raise SurveyAlreadyAnsweredError(f"invitation {invitation.pk}")
    return invitation


def clean_ratings(ratings: Mapping[str, object]) -> dict[str, int]:
    """All nine elements, each a whole number 1–4 (as int or digit string)."""
    cleaned: dict[str, int] = {}
    for code in ELEMENT_CODES:
        raw = ratings.get(code)
        if isinstance(raw, str) and raw.strip() in {"1", "2", "3", "4"}:
            cleaned[code] = int(raw.strip())
        elif isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 4:
            cleaned[code] = raw
        else:
            raise RatingError(f"{code}={raw!r}")
    return cleaned


def survey_submit(
    *,
    ratings: Mapping[str, object],
    comment: str = "",
    token: str | None = None,
    now: datetime | None = None,
) -> SurveyResponse:
    """Store one anonymous answer; with a token, only once for its visit.

    The receipt's unique key settles two submissions racing on the same token: the second
    one's insert fails and nothing of it is stored.
    """
    now = now or timezone.now()
    values = clean_ratings(ratings)
    text = clean_text("comment", comment, max_length=2000, required=False, multiline=True)
    invitation = survey_invitation_check(token=token, now=now) if token is not None else None
    try:
        with transaction.atomic():
            if invitation is not None:
                SurveyReceipt.objects.create(invitation=invitation, at=now)
            return SurveyResponse.objects.create(
                submitted_on=timezone.localdate(now),
                source=SurveySource.VISIT if invitation is not None else SurveySource.PUBLIC,
                comment=text,
                **values,
            )
    except IntegrityError as error:
        raise SurveyAlreadyAnsweredError(f"invitation {invitation and invitation.pk}") from error
