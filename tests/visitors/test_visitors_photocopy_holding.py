"""A photocopy form takes the printed copy the visitor reads along to the cooperative."""

from __future__ import annotations

from datetime import timedelta

import pytest

from catalogue.models import Holding, Publication
from catalogue.services.holdings import holding_create
from tests.visitors.conftest import MORNING
from visitors.errors import HoldingAtPhotocopyError, HoldingNotLentToVisitError
from visitors.models import AuditEntry, PhotocopyRequest
from visitors.services import photocopy_done, photocopy_issue, reading_return, reading_start

pytestmark = pytest.mark.django_db

LATER = MORNING + timedelta(minutes=30)


def _status(holding: Holding) -> str:
    holding.refresh_from_db()
    return holding.status


def test_the_copy_goes_to_photocopy_and_comes_back_to_the_reader(
    submit, officer, officer2, copy, publication
) -> None:
    visit = submit()
    reading_start(visit=visit, barcode=copy.barcode, officer=officer, now=MORNING)
    form = photocopy_issue(
        visit=visit, publication=publication, pages="1-3", officer=officer, holding=copy, now=LATER
    )
    assert PhotocopyRequest.objects.get(pk=form.pk).holding == copy
    copy.refresh_from_db()
    assert (copy.status, copy.status_changed_at) == (Holding.Status.PHOTOCOPY, LATER)
    issued = AuditEntry.objects.get(action="photocopy.issue")
    assert issued.details["holding_id"] == copy.pk
    photocopy_done(request=form, officer=officer2)
    assert _status(copy) == Holding.Status.READING_ROOM


def test_a_copy_handed_back_meanwhile_goes_to_the_shelf(submit, officer, copy, publication) -> None:
    visit = submit()
    record = reading_start(visit=visit, barcode=copy.barcode, officer=officer, now=MORNING)
    form = photocopy_issue(
        visit=visit, publication=publication, pages="2", officer=officer, holding=copy
    )
    reading_return(record=record, officer=officer)
    assert _status(copy) == Holding.Status.PHOTOCOPY  # still at the cooperative
    photocopy_done(request=form, officer=officer)
    assert _status(copy) == Holding.Status.AVAILABLE


def test_a_copy_not_lent_to_this_visit_is_refused_and_nothing_changes(
    submit, officer, copy, publication
) -> None:
    mine, other = submit(), submit(name="Rina")
    reading_start(visit=other, barcode=copy.barcode, officer=officer, now=MORNING)
    shelf_copy = holding_create(publication=publication, barcode="PST-0002")
    elsewhere = Publication.objects.create(title="Statistik Daerah 2024", year=2024)
    for holding, publication_named in ((copy, publication), (shelf_copy, publication)):
        with pytest.raises(HoldingNotLentToVisitError) as caught:
            photocopy_issue(
                visit=mine,
                publication=publication_named,
                pages="1",
                officer=officer,
                holding=holding,
            )
        assert caught.value.user_message()["id"].startswith("Eksemplar ini tidak sedang dibaca")
        assert caught.value.user_message()["en"].startswith("This copy is not being read")
    # The reader's own copy, but named with another publication, is refused too.
    with pytest.raises(HoldingNotLentToVisitError):
        photocopy_issue(
            visit=other, publication=elsewhere, pages="1", officer=officer, holding=copy
        )
    assert PhotocopyRequest.objects.count() == 0
    assert (_status(copy), _status(shelf_copy)) == (
        Holding.Status.READING_ROOM,
        Holding.Status.AVAILABLE,
    )


def test_one_copy_goes_with_one_form_at_a_time(submit, officer, copy, publication) -> None:
    visit = submit()
    reading_start(visit=visit, barcode=copy.barcode, officer=officer, now=MORNING)
    photocopy_issue(visit=visit, publication=publication, pages="1", officer=officer, holding=copy)
    with pytest.raises(HoldingAtPhotocopyError):
        photocopy_issue(
            visit=visit, publication=publication, pages="5", officer=officer, holding=copy
        )
    assert PhotocopyRequest.objects.count() == 1


def test_a_form_without_a_copy_leaves_the_copies_alone(submit, officer, copy, publication) -> None:
    visit = submit()
    reading_start(visit=visit, barcode=copy.barcode, officer=officer, now=MORNING)
    form = photocopy_issue(visit=visit, publication=publication, pages="4", officer=None)
    assert form.holding is None
    photocopy_done(request=form, officer=officer)
    assert _status(copy) == Holding.Status.READING_ROOM
