"""The complaints register: recording from every channel, validation, the workflow, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from feedback.errors import (
    FeedbackError,
    FieldInvalidError,
    FieldRequiredError,
    FieldTooLongError,
    InvalidEmailError,
    InvalidPhoneError,
    LaporTicketError,
    LaporTicketMisplacedError,
    ReceivedInFutureError,
    WrongStateError,
)
from feedback.models import Complaint, ComplaintEvent
from feedback.selectors import complaints_list
from feedback.services import (
    complaint_answer,
    complaint_close,
    complaint_start,
    complaint_submit,
)
from tests.feedback.conftest import MORNING
from visitors.models import Visit

pytestmark = pytest.mark.django_db


def _submit(**overrides: object) -> Complaint:
    data: dict[str, object] = {
        "kind": "complaint",
        "channel": "website",
        "subject": "Ruang baca terlalu dingin",
        "text": "AC di ruang baca terlalu dingin.\nMohon diatur.",
        "now": MORNING,
    }
    return complaint_submit(**(data | overrides))  # type: ignore[arg-type]


def test_reference_numbers_count_up_per_year() -> None:
    first, second = _submit(), _submit(kind="suggestion")
    next_year = _submit(now=MORNING.replace(year=2027), received_at=MORNING.replace(year=2027))
    assert (first.reference, second.reference) == ("PGD-2026-0001", "PGD-2026-0002")
    assert next_year.reference == "PGD-2027-0001"


def test_contact_is_optional_and_normalised() -> None:
    anonymous = _submit()
    assert not anonymous.has_contact
    named = _submit(
        contact_name="  Budi   Santoso ",
        contact_email=" Budi@Contoh.ID ",
        contact_phone="0812-3456-7890",
    )
    assert (named.contact_name, named.contact_email, named.contact_phone) == (
        "Budi Santoso",
        "budi@contoh.id",
        "+6281234567890",
    )
    assert _submit(contact_phone="(0751) 91234").contact_phone == "+6275191234"


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"subject": "   "}, FieldRequiredError, "subject"),
        ({"text": ""}, FieldRequiredError, "text"),
        ({"kind": "praise"}, FieldInvalidError, "kind"),
        ({"channel": "fax"}, FieldInvalidError, "channel"),
        ({"contact_email": "budi@"}, InvalidEmailError, "contact_email"),
        ({"contact_phone": "+1 555 0100"}, InvalidPhoneError, "contact_phone"),
        ({"contact_phone": "12"}, InvalidPhoneError, "contact_phone"),
        ({"channel": "lapor"}, FieldRequiredError, "lapor_ticket"),
        ({"channel": "lapor", "lapor_ticket": "abc"}, LaporTicketError, "lapor_ticket"),
        ({"channel": "lapor", "lapor_ticket": "x y 12345"}, LaporTicketError, "lapor_ticket"),
        ({"lapor_ticket": "1234567"}, LaporTicketMisplacedError, "lapor_ticket"),
        ({"subject": "a" * 201}, FieldTooLongError, "subject"),
        ({"text": "ada\x00nol"}, FieldInvalidError, "text"),
        ({"received_at": MORNING + timedelta(hours=1)}, ReceivedInFutureError, "received_at"),
    ],
)
def test_bad_input_is_refused_with_bilingual_messages_and_nothing_stored(
    overrides: dict[str, object], error: type[FeedbackError], field: str
) -> None:
    with pytest.raises(error) as caught:
        _submit(**overrides)
    assert caught.value.field == field
    assert caught.value.message_id
    assert caught.value.message_en
    assert caught.value.message_id != caught.value.message_en
    assert not Complaint.objects.exists()


def test_field_messages_name_the_field_in_both_languages() -> None:
    with pytest.raises(FieldRequiredError) as caught:
        _submit(subject="")
    assert "Perihal" in caught.value.message_id
    assert "Subject" in caught.value.message_en


def test_lapor_ticket_is_kept_as_text() -> None:
    complaint = _submit(channel="lapor", lapor_ticket="#0012345")
    assert complaint.lapor_ticket == "#0012345"


def test_a_complaint_may_point_at_a_visit(visit: Visit) -> None:
    complaint = _submit(channel="in_person", visit_id=visit.pk)
    assert Complaint.objects.get(visit=visit) == complaint


def test_workflow_records_officer_times_response_days_and_audit(officer: User) -> None:
    complaint = _submit(channel="phone", officer=officer)
    started = complaint_start(
        complaint=complaint, officer=officer, now=MORNING + timedelta(hours=1)
    )
    assert (started.state, started.officer) == ("in_progress", officer)
    answered = complaint_answer(
        complaint=complaint.pk,
        officer=officer,
        response="  AC sudah diatur ke 25 °C. ",
        now=MORNING + timedelta(days=2, hours=12),
    )
    assert answered.response == "AC sudah diatur ke 25 °C."
    assert answered.response_days == 2.5
    closed = complaint_close(complaint=complaint, officer=officer, now=MORNING + timedelta(days=3))
    assert closed.state == "closed"
    assert closed.closed_by == officer
    trail = list(
        ComplaintEvent.objects.filter(complaint=complaint).values_list(
            "action", "from_state", "to_state", "actor"
        )
    )
    assert trail == [
        ("create", "", "received", officer.pk),
        ("start", "received", "in_progress", officer.pk),
        ("answer", "in_progress", "answered", officer.pk),
        ("close", "answered", "closed", officer.pk),
    ]


def test_steps_out_of_order_are_refused(officer: User) -> None:
    complaint = _submit()
    with pytest.raises(WrongStateError):
        complaint_answer(complaint=complaint, officer=officer, response="Jawaban")
    with pytest.raises(WrongStateError):
        complaint_close(complaint=complaint, officer=officer)
    complaint_start(complaint=complaint, officer=officer)
    with pytest.raises(WrongStateError):
        complaint_start(complaint=complaint, officer=officer)
    with pytest.raises(FieldRequiredError) as caught:
        complaint_answer(complaint=complaint, officer=officer, response="  ")
    assert caught.value.field == "response"
    assert Complaint.objects.get(pk=complaint.pk).state == "in_progress"


def test_register_filters(officer: User) -> None:
    first = _submit(channel="email", subject="Koleksi kurang lengkap")
    _submit(kind="compliment", channel="box", subject="Petugas ramah")
    lapor = _submit(channel="lapor", lapor_ticket="LAP-98765", subject="Antrean")
    complaint_start(complaint=first, officer=officer)
    assert list(complaints_list(state="in_progress")) == [first]
    assert [c.subject for c in complaints_list(kind="compliment")] == ["Petugas ramah"]
    assert list(complaints_list(channel="lapor")) == [lapor]
    assert list(complaints_list(query="98765")) == [lapor]
    assert list(complaints_list(query="PGD-2026-0001")) == [first]
    assert complaints_list(received_from=MORNING.date() + timedelta(days=1)).count() == 0
