"""Writes to the complaints register: record from any channel, then the response workflow.

received → in progress → answered → closed; every step is one audit event.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from feedback.errors import (
    FieldInvalidError,
    LaporTicketMisplacedError,
    ReceivedInFutureError,
    WrongStateError,
)
from feedback.models import Complaint, ComplaintEvent, ReferenceCounter
from feedback.models.choices import Channel, ComplaintAction, ComplaintState, Kind
from feedback.services.validation import (
    clean_choice,
    clean_lapor_ticket,
    clean_text,
    normalise_email,
    normalise_phone,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User as Officer
else:  # the project keeps Django's default user model
    Officer = Any

REFERENCE_PREFIX = "PGD"


def _next_reference(year: int) -> str:
    """``PGD-2026-0001``: gap-free per year; the counter's row lock orders concurrent callers."""
    ReferenceCounter.objects.get_or_create(year=year)
    ReferenceCounter.objects.filter(year=year).update(last_value=F("last_value") + 1)
    number = ReferenceCounter.objects.select_for_update().get(year=year).last_value
    return f"{REFERENCE_PREFIX}-{year}-{number:04d}"


def _event(
    complaint: Complaint, *, actor: Officer | None, action: str, before: str, at: datetime
) -> None:
    ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor,
        action=action,
        from_state=before,
        to_state=complaint.state,
        at=at,
    )


def complaint_submit(
    *,
    kind: str,
    channel: str,
    subject: str,
    text: str,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    lapor_ticket: str = "",
    received_at: datetime | None = None,
    visit_id: int | None = None,
    officer: Officer | None = None,
    now: datetime | None = None,
) -> Complaint:
    """Record a complaint, suggestion, compliment or question; return it with its reference.

    The public web form passes no officer (channel "website"); staff enter the other
    channels. Every field is checked here, so a bad value raises before anything is stored.
    """
    now = now or timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ReceivedInFutureError(received_at.isoformat())
    kind = clean_choice("kind", kind, Kind)
    channel = clean_choice("channel", channel, Channel)
    subject = clean_text("subject", subject, max_length=200, required=True, multiline=False)
    text = clean_text("text", text, max_length=5000, required=True, multiline=True)
    name = clean_text("contact_name", contact_name, max_length=150, required=False, multiline=False)
    email = normalise_email(contact_email)
    phone = normalise_phone(contact_phone)
    if channel == Channel.LAPOR:
        ticket = clean_lapor_ticket(lapor_ticket)
    elif (lapor_ticket or "").strip():
        raise LaporTicketMisplacedError(channel)
    else:
        ticket = ""
    # The visit is named by its model's label: feedback sits beside visitors, not above it.
    visits = Complaint._meta.get_field("visit").related_model
    if visit_id is not None and not visits._default_manager.filter(pk=visit_id).exists():  # type: ignore[union-attr]
        raise FieldInvalidError("visit_id", f"no visit {visit_id}")
    with transaction.atomic():
        complaint = Complaint.objects.create(
            reference=_next_reference(timezone.localtime(received_at).year),
            kind=kind,
            channel=channel,
            received_at=received_at,
            subject=subject,
            text=text,
            contact_name=name,
            contact_email=email,
            contact_phone=phone,
            lapor_ticket=ticket,
            visit_id=visit_id,
            recorded_by=officer,
        )
        _event(complaint, actor=officer, action=ComplaintAction.CREATE, before="", at=now)
    return complaint


def _locked(complaint: Complaint | int, allowed: tuple[str, ...]) -> Complaint:
    pk = complaint if isinstance(complaint, int) else complaint.pk
    locked = Complaint.objects.select_for_update().get(pk=pk)
    if locked.state not in allowed:
        raise WrongStateError(f"complaint {pk} is {locked.state}, expected one of {allowed}")
    return locked


def complaint_start(
    *, complaint: Complaint | int, officer: Officer, now: datetime | None = None
) -> Complaint:
    """Take the complaint on: the officer becomes responsible for it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(complaint, (ComplaintState.RECEIVED,))
        before = locked.state
        locked.state, locked.officer, locked.started_at = ComplaintState.IN_PROGRESS, officer, now
        locked.save(update_fields=["state", "officer", "started_at"])
        _event(locked, actor=officer, action=ComplaintAction.START, before=before, at=now)
    return locked


def complaint_answer(
    *, complaint: Complaint | int, officer: Officer, response: str, now: datetime | None = None
) -> Complaint:
    """Record the answer given to the person (by whatever channel they can be reached)."""
    now = now or timezone.now()
    text = clean_text("response", response, max_length=5000, required=True, multiline=True)
    with transaction.atomic():
        locked = _locked(complaint, (ComplaintState.IN_PROGRESS,))
        before = locked.state
        locked.state, locked.response = ComplaintState.ANSWERED, text
        locked.answered_at, locked.answered_by = now, officer
        locked.save(update_fields=["state", "response", "answered_at", "answered_by"])
        _event(locked, actor=officer, action=ComplaintAction.ANSWER, before=before, at=now)
    return locked


def complaint_close(
    *, complaint: Complaint | int, officer: Officer, now: datetime | None = None
) -> Complaint:
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(complaint, (ComplaintState.ANSWERED,))
        before = locked.state
        locked.state, locked.closed_at, locked.closed_by = ComplaintState.CLOSED, now, officer
        locked.save(update_fields=["state", "closed_at", "closed_by"])
        _event(locked, actor=officer, action=ComplaintAction.CLOSE, before=before, at=now)
    return locked
