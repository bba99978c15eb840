"""The guestbook kiosk: validation, recognising returning visitors, queue numbers, privacy."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from visitors.errors import (
    BirthYearOutOfRangeError,
    ContactRequiredError,
    DuplicateSubmitError,
    FieldInvalidError,
    FieldRequiredError,
    GroupSizeError,
    InvalidEmailError,
    InvalidPhoneError,
    VisitorError,
)
from visitors.models import AuditEntry, Visit, Visitor
from visitors.models.choices import AgeBand
from visitors.services import guestbook, guestbook_submit

pytestmark = pytest.mark.django_db(transaction=True)
WIB = ZoneInfo("Asia/Jakarta")
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)
Form = Callable[..., dict[str, Any]]


def test_an_entry_becomes_a_visitor_and_a_waiting_visit_with_queue_number_one(form: Form) -> None:
    visit = guestbook_submit(
        now=MORNING,
        **form(phone="0812-7777-1234", email=" Rina.M@Gmail.COM ", institution="  Unand  "),
    )
    visitor = Visitor.objects.get()
    assert (visitor.phone, visitor.email) == ("+6281277771234", "rina.m@gmail.com")
    assert (visitor.name, visitor.birth_year, visitor.institution) == (
        "Rina Marlina",
        1998,
        "Unand",
    )
    assert visit.visitor_id == visitor.pk
    assert (visit.queue_number, visit.queue_label, visit.visit_date) == (1, "001", MORNING.date())
    assert visit.state == Visit.State.WAITING
    assert visit.guestbook_at == MORNING
    assert (visit.male_count, visit.female_count, visit.is_group) == (0, 1, False)
    assert (visit.sex, visit.education, visit.occupation) == ("female", "bachelor", "student")
    assert (visit.institution_category, visit.purpose, visit.service, visit.id_type) == (
        "education_research",
        "thesis",
        "library",
        "ktp",
    )
    assert visit.age_band == AgeBand.FROM_20  # 28 in 2026


def test_no_identity_card_number_can_be_stored() -> None:
    names = {f.name for model in (Visitor, Visit) for f in model._meta.get_fields()}
    assert "id_type" in names
    assert not {n for n in names if "nik" in n or "id_number" in n or "card_number" in n}


def test_a_group_records_its_counts_by_sex(form: Form) -> None:
    visit = guestbook_submit(
        now=MORNING, **form(is_group=True, male_count="14", female_count=17, sex="male")
    )
    assert (visit.is_group, visit.male_count, visit.female_count, visit.people) == (
        True,
        14,
        17,
        31,
    )


BAD_INPUTS: list[tuple[str, dict[str, Any], type[VisitorError], str | None]] = [
    ("empty name", {"name": "  "}, FieldRequiredError, "name"),
    ("phone typed as name", {"name": "081234567890"}, FieldInvalidError, "name"),
    ("invalid phone", {"phone": "12345"}, InvalidPhoneError, None),
    ("foreign phone", {"phone": "+44 20 7946 0000"}, InvalidPhoneError, None),
    ("invalid email", {"email": "rina@"}, InvalidEmailError, None),
    ("neither phone nor email", {"phone": "", "email": " "}, ContactRequiredError, None),
    ("birth year in future", {"birth_year": 2030}, BirthYearOutOfRangeError, None),
    ("birth year too old", {"birth_year": "1900"}, BirthYearOutOfRangeError, None),
    ("birth year not a year", {"birth_year": "sembilan"}, FieldInvalidError, "birth_year"),
    ("birth year missing", {"birth_year": None}, FieldRequiredError, "birth_year"),
    ("sex missing", {"sex": ""}, FieldRequiredError, "sex"),
    ("unknown education", {"education": "phd"}, FieldInvalidError, "education"),
    ("unknown occupation", {"occupation": "astronaut"}, FieldInvalidError, "occupation"),
    ("category missing", {"institution_category": ""}, FieldRequiredError, "institution_category"),
    ("unknown purpose", {"purpose": "jalan-jalan"}, FieldInvalidError, "purpose"),
    ("service missing", {"service": None}, FieldRequiredError, "service"),
    ("unknown id type", {"id_type": "nik"}, FieldInvalidError, "id_type"),
    ("institution control chars", {"institution": "SMA\x07 1"}, FieldInvalidError, "institution"),
    ("group of one", {"is_group": True, "male_count": 1}, GroupSizeError, None),
    ("negative group count", {"is_group": True, "female_count": -2}, FieldInvalidError, None),
]


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_is_refused_with_a_message_in_both_languages(
    form: Form, overrides: dict[str, Any], error: type[VisitorError], field: str | None
) -> None:
    with pytest.raises(error) as caught:
        guestbook_submit(now=MORNING, **form(**overrides))
    message = caught.value.user_message()
    assert message["code"] == error.code
    assert message["id"]
    assert message["en"]
    assert message["id"] != message["en"]
    assert caught.value.http_status == 400
    if field is not None:
        assert caught.value.field == field  # type: ignore[attr-defined]
    assert not Visit.objects.exists()
    assert not Visitor.objects.exists()
    assert not AuditEntry.objects.exists()


def test_returning_visitor_is_recognised_by_phone_in_another_format(form: Form) -> None:
    first = guestbook_submit(now=MORNING, **form(phone="0812 3456 7890", institution="SMA 1"))
    later = MORNING + timedelta(days=30)
    second = guestbook_submit(
        now=later, **form(phone="+62 812-3456-7890", institution="Universitas Andalas")
    )
    assert Visitor.objects.count() == 1
    assert second.visitor_id == first.visitor_id
    assert Visit.objects.filter(visitor_id=first.visitor_id).count() == 2
    visitor = Visitor.objects.get()
    assert visitor.institution == "Universitas Andalas"  # the latest entry wins
    entry = AuditEntry.objects.get(object_id=str(second.pk))
    assert entry.details["returning"] is True


def test_returning_visitor_is_recognised_by_email_whatever_its_case(form: Form) -> None:
    first = guestbook_submit(now=MORNING, **form(phone="", email="Budi.Santoso@Example.co.id"))
    second = guestbook_submit(
        now=MORNING + timedelta(hours=3), **form(phone="", email="budi.santoso@EXAMPLE.CO.ID")
    )
    assert second.visitor_id == first.visitor_id
    assert Visitor.objects.count() == 1
    assert Visitor.objects.get().email == "budi.santoso@example.co.id"


def test_new_visitor_is_not_confused_with_a_stored_one(form: Form) -> None:
    guestbook_submit(now=MORNING, **form(phone="081234567890", email="a@contoh.id"))
    other = guestbook_submit(now=MORNING, **form(phone="081298765432", email="b@contoh.id"))
    assert Visitor.objects.count() == 2
    assert AuditEntry.objects.get(object_id=str(other.pk)).details["returning"] is False


def test_visit_keeps_the_profile_of_its_day_when_the_visitor_changes(form: Form) -> None:
    first = guestbook_submit(now=MORNING, **form(occupation="student", education="secondary"))
    phone = first.visitor.phone
    guestbook_submit(
        now=MORNING + timedelta(days=400),
        **form(phone=phone, occupation="civil_servant", education="bachelor"),
    )
    first.refresh_from_db()
    assert (first.occupation, first.education) == ("student", "secondary")
    assert (Visitor.objects.get().occupation, Visitor.objects.get().education) == (
        "civil_servant",
        "bachelor",
    )


def test_a_second_submit_within_two_minutes_returns_the_same_queue_number(form: Form) -> None:
    first = guestbook_submit(now=MORNING, **form(phone="081234567890", name="Rina Marlina"))
    with pytest.raises(DuplicateSubmitError) as caught:
        guestbook_submit(
            now=MORNING + timedelta(seconds=90), **form(phone="0812 3456 7890", name="Orang Lain")
        )
    error = caught.value
    assert (error.visit_id, error.queue_label) == (first.pk, "001")
    assert error.http_status == 409
    assert error.message_id
    assert error.message_en
    assert Visit.objects.count() == 1
    # The kiosk is public: the error tells nothing stored about the visitor.
    shown = json.dumps(error.user_message()) + str(error)
    for secret in ("Rina", "Marlina", "+6281234567890", "1998", "Andalas"):
        assert secret not in shown
    assert Visitor.objects.get().name == "Rina Marlina"  # the refused entry changed nothing


def test_after_the_duplicate_window_a_new_visit_is_recorded(form: Form, settings) -> None:
    settings.GUESTBOOK_DUPLICATE_SECONDS = 60
    guestbook_submit(now=MORNING, **form(phone="081234567890"))
    again = guestbook_submit(now=MORNING + timedelta(seconds=61), **form(phone="081234567890"))
    assert again.queue_number == 2
    assert Visit.objects.count() == 2


def test_queue_numbers_restart_each_local_day(submit) -> None:
    day_one = [submit(now=MORNING + timedelta(minutes=m)).queue_number for m in range(3)]
    # 23:50 in Pariaman is still the same day, 00:05 is the next (UTC would disagree).
    late = submit(now=datetime(2026, 3, 2, 23, 50, tzinfo=WIB))
    next_day = [
        submit(now=datetime(2026, 3, 3, 0, 5, tzinfo=WIB)),
        submit(now=datetime(2026, 3, 3, 8, 0, tzinfo=WIB)),
    ]
    assert day_one == [1, 2, 3]
    assert (late.queue_number, late.visit_date.isoformat()) == (4, "2026-03-02")
    assert [(v.queue_number, v.visit_date.isoformat()) for v in next_day] == [
        (1, "2026-03-03"),
        (2, "2026-03-03"),
    ]


def test_submit_is_audited_without_personal_details(form: Form) -> None:
    visit = guestbook_submit(
        now=MORNING, **form(name="Rina Marlina", phone="081234567890", email="rina@contoh.id")
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        "guestbook.submit",
        None,
        "visit",
        str(visit.pk),
    )
    assert entry.at == MORNING
    assert entry.details["queue_number"] == 1
    dumped = json.dumps(entry.details)
    for secret in ("Rina", "rina@contoh.id", "+6281234567890", "1998"):
        assert secret not in dumped


def test_a_lost_first_time_race_retries_as_a_returning_visitor(form: Form, monkeypatch) -> None:
    """Two first-time submits with one phone: the loser hits the unique index and retries."""
    first = guestbook_submit(now=MORNING, **form(phone="081234567890"))
    real = guestbook._recognise
    calls: list[int] = []

    def stale_then_real(entry: guestbook.GuestbookEntry) -> Visitor | None:
        calls.append(1)
        return None if len(calls) == 1 else real(entry)  # the first look missed the winner

    monkeypatch.setattr(guestbook, "_recognise", stale_then_real)
    second = guestbook_submit(now=MORNING + timedelta(minutes=10), **form(phone="081234567890"))
    assert len(calls) == 2
    assert second.visitor_id == first.visitor_id
    assert Visitor.objects.count() == 1
    assert second.queue_number == 2
