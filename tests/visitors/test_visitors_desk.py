"""The photocopy form (the reading room is in test_visitors_reading.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from visitors.errors import PageRangeError, WrongStateError
from visitors.models import AuditEntry, PhotocopyRequest
from visitors.services import (
    photocopy_done,
    photocopy_issue,
)

pytestmark = pytest.mark.django_db(transaction=True)
WIB = ZoneInfo("Asia/Jakarta")
MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)


def test_photocopy_forms_are_numbered_per_year_with_normalised_pages(
    submit, officer, publication
) -> None:
    visit = submit()
    first = photocopy_issue(
        visit=visit, publication=publication, pages="12-14; 1 – 5, 9", officer=officer, now=MORNING
    )
    assert (first.form_number, first.pages, first.page_count) == (
        "FC-2026-0001",
        "1-5, 9, 12-14",
        9,
    )
    assert (first.status, first.issued_at, first.issued_by) == ("issued", MORNING, officer)
    second = photocopy_issue(visit=visit, publication=publication, pages="3", officer=None)
    assert second.form_number == "FC-2026-0002"
    assert second.issued_by is None  # filled in by the visitor
    # 1 January in Pariaman is still 31 December in UTC: the local year counts.
    new_year = datetime(2027, 1, 1, 0, 30, tzinfo=WIB)
    third = photocopy_issue(
        visit=submit(now=new_year),
        publication=publication,
        pages="1",
        officer=officer,
        now=new_year,
    )
    assert third.form_number == "FC-2027-0001"
    entry = AuditEntry.objects.get(action="photocopy.issue", object_id=str(first.pk))
    assert entry.details["form_number"] == "FC-2026-0001"
    assert entry.details["pages"] == "1-5, 9, 12-14"


def test_photocopy_request_has_no_fee_at_all() -> None:
    names = {f.name for f in PhotocopyRequest._meta.get_fields()}
    assert "pages" in names
    money = ("fee", "price", "cost", "amount", "biaya", "harga", "tarif")
    assert not {n for n in names if any(word in n for word in money)}


@pytest.mark.parametrize("pages", ["", "5-1", "1-5, 3", "halaman 3", "0", "1,,2"])
def test_a_bad_page_range_is_refused_and_uses_no_number(
    submit, officer, publication, pages: str
) -> None:
    visit = submit()
    with pytest.raises(PageRangeError) as caught:
        photocopy_issue(visit=visit, publication=publication, pages=pages, officer=officer)
    assert "1-5, 9, 12-14" in caught.value.message_id
    assert "1-5, 9, 12-14" in caught.value.message_en
    assert caught.value.message_id != caught.value.message_en
    assert not PhotocopyRequest.objects.exists()
    ok = photocopy_issue(visit=visit, publication=publication, pages="1", officer=officer)
    assert ok.number == 1  # the refused form did not use up a number


def test_too_many_ranges_for_one_form_are_refused(submit, officer, publication) -> None:
    many = ", ".join(str(n) for n in range(1, 400, 2))
    with pytest.raises(PageRangeError):
        photocopy_issue(visit=submit(), publication=publication, pages=many, officer=officer)


def test_photocopy_done_once(submit, officer, officer2, publication) -> None:
    form = photocopy_issue(visit=submit(), publication=publication, pages="1-2", officer=officer)
    done = photocopy_done(request=form, officer=officer2, now=MORNING + timedelta(minutes=15))
    assert (done.status, done.done_at, done.done_by) == (
        "done",
        MORNING + timedelta(minutes=15),
        officer2,
    )
    with pytest.raises(WrongStateError) as caught:
        photocopy_done(request=form, officer=officer)
    assert caught.value.message_id
    assert caught.value.message_en
    entry = AuditEntry.objects.get(action="photocopy.done")
    assert (entry.actor, entry.details["to"]) == (officer2, "done")
