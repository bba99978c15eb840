"""The live "at the desk" section: its signature in the queue JSON, and the section itself."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from catalogue.models import Publication
from catalogue.services.holdings import holding_create
from tests.portal.desk_support import entry, login_url
from visitors.models import Locker
from visitors.services import (
    guestbook_submit,
    locker_assign,
    reading_return,
    reading_start,
    visit_finish_service,
    visit_start_service,
)

pytestmark = pytest.mark.django_db


def _signature(desk: Client) -> str:
    data = desk.get("/meja/antrean.json").json()
    return str(data["at_desk_signature"])


def test_the_signature_changes_with_every_step_another_officer_takes(
    desk: Client, librarian: User, publication: Publication
) -> None:
    Locker.objects.create(number=1)
    copy = holding_create(publication=publication, barcode="PST-0001")
    visit = guestbook_submit(**entry())
    seen = [_signature(desk)]
    assert _signature(desk) == seen[-1]  # nothing happened: nothing to fetch

    def changed() -> bool:
        seen.append(_signature(desk))
        return seen[-1] != seen[-2]

    visit_start_service(visit=visit, officer=librarian)
    assert changed()
    locker_assign(visit=visit, officer=librarian)
    assert changed()
    record = reading_start(visit=visit, barcode=copy.barcode, officer=librarian)
    assert changed()
    reading_return(record=record, officer=librarian)
    assert changed()
    assert seen[-1] == seen[-3]  # the section looks as before the copy was lent
    visit_finish_service(visit=visit, officer=librarian)
    assert changed()


def test_the_section_shows_the_visits_being_served_with_their_buttons(
    desk: Client, librarian: User, publication: Publication
) -> None:
    copy = holding_create(publication=publication, barcode="PST-0001")
    served = guestbook_submit(**entry(name="Budi Santoso"))
    waiting = guestbook_submit(**entry(name="Siti Aminah"))
    visit_start_service(visit=served, officer=librarian)
    reading_start(visit=served, barcode=copy.barcode, officer=librarian)
    section = desk.get("/meja/di-meja/")
    assert section.status_code == 200
    assert f'id="visit-{served.pk}"' in section.text
    assert "Budi Santoso" in section.text
    assert "PST-0001" in section.text
    assert f'id="visit-{waiting.pk}"' not in section.text
    assert "csrfmiddlewaretoken" in section.text  # its buttons post like the page's
    assert "<html" not in section.text  # a fragment to swap in, not a page
    page = desk.get("/meja/")
    assert f'data-signature="{_signature(desk)}"' in page.text


def test_the_section_is_for_the_desk_only(client: Client) -> None:
    response = client.get("/meja/di-meja/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{login_url()}?next=")
