"""The guestbook kiosk's one write: a visitor signs in and gets the day's next queue number.

The kiosk is a public screen and has no login. A returning visitor is recognised by the
normalised phone number or the lower-cased email, so repeat visits count as one person,
but nothing stored about them is ever handed back: the caller gets the new visit, whose
queue number is all a kiosk may show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Required, TypedDict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from typing_extensions import Unpack

from visitors.errors import ContactRequiredError, DuplicateSubmitError
from visitors.models import Visit, Visitor
from visitors.models import choices as c
from visitors.models.choices import AuditAction, age_band
from visitors.services import validation as v
from visitors.services.common import audit_record, next_number

_ATTEMPTS = 3


@dataclass(frozen=True)
class GuestbookEntry:
    """A checked, normalised guestbook form."""

    name: str
    phone: str
    email: str
    birth_year: int
    sex: str
    education: str
    occupation: str
    institution: str
    institution_category: str
    purpose: str
    service: str
    id_type: str
    is_group: bool
    male_count: int
    female_count: int
    priority: str = ""


class GuestbookForm(TypedDict, total=False):
    """What the kiosk form sends (raw); ``guestbook_clean`` checks it field by field."""

    name: Required[str]
    phone: str
    email: str
    birth_year: Required[int | str | None]
    sex: Required[str]
    education: Required[str]
    occupation: Required[str]
    institution: str
    institution_category: Required[str]
    purpose: Required[str]
    service: Required[str]
    id_type: Required[str]
    is_group: bool
    male_count: int | str | None
    female_count: int | str | None
    priority: str


def guestbook_clean(*, this_year: int, **form: Unpack[GuestbookForm]) -> GuestbookEntry:
    """Check the form in the order the kiosk shows it; the first problem is raised."""
    clean_name = v.clean_name(form["name"])
    clean_phone = v.normalise_phone(form.get("phone", ""))
    clean_email = v.normalise_email(form.get("email", ""))
    if not clean_phone and not clean_email:
        raise ContactRequiredError()
    clean_sex = v.clean_choice("sex", form["sex"], c.Sex)
    birth = v.clean_birth_year(form["birth_year"], this_year=this_year)
    clean_education = v.clean_choice("education", form["education"], c.Education)
    clean_occupation = v.clean_choice("occupation", form["occupation"], c.Occupation)
    clean_institution = v.clean_text("institution", form.get("institution", ""), max_length=200)
    category = v.clean_choice(
        "institution_category", form["institution_category"], c.InstitutionCategory
    )
    clean_purpose = v.clean_choice("purpose", form["purpose"], c.Purpose)
    clean_service = v.clean_choice("service", form["service"], c.PstService)
    clean_id_type = v.clean_choice("id_type", form["id_type"], c.IdType)
    is_group = bool(form.get("is_group", False))
    men, women = v.clean_group(
        is_group=is_group,
        sex=clean_sex,
        male_count=form.get("male_count"),
        female_count=form.get("female_count"),
    )
    priority = form.get("priority", "")
    return GuestbookEntry(
        name=clean_name,
        phone=clean_phone,
        email=clean_email,
        birth_year=birth,
        sex=clean_sex,
        education=clean_education,
        occupation=clean_occupation,
        institution=clean_institution,
        institution_category=category,
        purpose=clean_purpose,
        service=clean_service,
        id_type=clean_id_type,
        is_group=is_group,
        male_count=men,
        female_count=women,
        priority=v.clean_choice("priority", priority, c.Priority) if priority else "",
    )


def guestbook_submit(*, now: datetime | None = None, **form: Unpack[GuestbookForm]) -> Visit:
    """Record a guestbook entry and give it the day's next queue number.

    Raises a ``VisitorError`` for bad input, and ``DuplicateSubmitError`` (with the earlier
    queue number) when the same visitor submitted within ``GUESTBOOK_DUPLICATE_SECONDS``.
    The identity card's number is never asked for; only its type is recorded.
    """
    now = now or timezone.now()
    entry = guestbook_clean(this_year=timezone.localtime(now).year, **form)
    for attempt in range(_ATTEMPTS):
        try:
            return _record(entry, now)
        except IntegrityError:
            # Two first-time submits with the same phone or email raced; the loser now
            # finds the winner's row and is treated as a returning visitor (or duplicate).
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _record(entry: GuestbookEntry, now: datetime) -> Visit:
    visit_date = timezone.localdate(now)
    with transaction.atomic():
        visitor = _recognise(entry)
        returning = visitor is not None
        if visitor is not None:
            _refuse_duplicate(visitor, now)
            _update_profile(visitor, entry)
        else:
            visitor = Visitor.objects.create(
                **_profile(entry), phone=entry.phone, email=entry.email
            )
        visit = Visit.objects.create(
            visitor=visitor,
            visit_date=visit_date,
            queue_number=next_number(f"queue:{visit_date.isoformat()}"),
            guestbook_at=now,
            purpose=entry.purpose,
            service=entry.service,
            is_group=entry.is_group,
            male_count=entry.male_count,
            female_count=entry.female_count,
            id_type=entry.id_type,
            sex=entry.sex,
            education=entry.education,
            occupation=entry.occupation,
            institution_category=entry.institution_category,
            age_band=age_band(birth_year=entry.birth_year, at_year=visit_date.year),
            priority=entry.priority,
        )
        audit_record(
            actor=None,
            action=AuditAction.GUESTBOOK_SUBMIT,
            obj=visit,
            at=now,
            details={
                "visitor_id": visitor.pk,
                "returning": returning,
                "queue_number": visit.queue_number,
                "visit_date": visit_date.isoformat(),
            },
        )
    return visit


def _recognise(entry: GuestbookEntry) -> Visitor | None:
    """The stored visitor with this phone, else with this email (row locked)."""
    locked = Visitor.objects.select_for_update()
    if entry.phone:
        found = locked.filter(phone=entry.phone).first()
        if found is not None:
            return found
    if entry.email:
        return locked.filter(email=entry.email).first()
    return None


def _refuse_duplicate(visitor: Visitor, now: datetime) -> None:
    window = timedelta(seconds=settings.GUESTBOOK_DUPLICATE_SECONDS)
    earlier = (
        Visit.objects.filter(visitor=visitor, guestbook_at__gte=now - window, guestbook_at__lte=now)
        .order_by("-guestbook_at")
        .first()
    )
    if earlier is not None:
        raise DuplicateSubmitError(visit_id=earlier.pk, queue_label=earlier.queue_label)


def _profile(entry: GuestbookEntry) -> dict[str, object]:
    return {
        "name": entry.name,
        "birth_year": entry.birth_year,
        "sex": entry.sex,
        "education": entry.education,
        "occupation": entry.occupation,
        "institution": entry.institution,
        "institution_category": entry.institution_category,
    }


def _update_profile(visitor: Visitor, entry: GuestbookEntry) -> None:
    """The latest entry wins; a new phone or email is kept when no one else has it."""
    for field, value in _profile(entry).items():
        setattr(visitor, field, value)
    others = Visitor.objects.exclude(pk=visitor.pk)
    if (
        entry.phone
        and entry.phone != visitor.phone
        and not others.filter(phone=entry.phone).exists()
    ):
        visitor.phone = entry.phone
    if (
        entry.email
        and entry.email != visitor.email
        and not others.filter(email=entry.email).exists()
    ):
        visitor.email = entry.email
    visitor.save()
