"""The priority lane (kiosk, officer, order, report) and the public queue display with its voice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from portal.reports.tables import Month
from portal.reports.visits import service_level_tables
from tests.portal.desk_support import entry
from visitors.models import AuditEntry, Visit
from visitors.selectors.queue import queue_waiting
from visitors.services import guestbook_submit, visit_start_service

pytestmark = pytest.mark.django_db


def test_the_priority_lane_is_served_first_and_reported_separately(
    desk: Client, officer: User
) -> None:
    now = timezone.now()
    early = guestbook_submit(**entry(name="Andi Wijaya"), now=now - timedelta(minutes=9))
    elderly = guestbook_submit(**entry(name="Siti Aminah", priority="elderly"), now=now)
    later = guestbook_submit(**entry(name="Budi Santoso"), now=now + timedelta(seconds=5))
    order = [e.visit.pk for e in queue_waiting(now=now + timedelta(minutes=1))]
    assert order == [elderly.pk, early.pk, later.pk]

    # The officer puts a pregnant visitor in the lane from the desk.
    response = desk.post(f"/meja/kunjungan/{later.pk}/prioritas/", {"priority": "pregnant"})
    assert response.status_code == 302
    assert Visit.objects.get(pk=later.pk).priority == "pregnant"
    assert AuditEntry.objects.filter(action="visit.priority", object_id=str(later.pk)).exists()
    order = [e.visit.pk for e in queue_waiting(now=now + timedelta(minutes=1))]
    assert order == [elderly.pk, later.pk, early.pk]
    page = desk.get("/meja/").text
    assert page.index("Siti Aminah") < page.index("Budi Santoso") < page.index("Andi Wijaya")
    assert "Lanjut usia" in page

    visit_start_service(visit=elderly, officer=officer, now=now + timedelta(minutes=1))
    today = timezone.localdate(now)
    tables = {t.code: t for t in service_level_tables(Month(today.year, today.month))}
    lane = {str(row[0]): row[1:] for row in tables["layanan-prioritas"].rows}
    assert lane["Lanjut usia"] == [1, 1, 0, 60.0]
    assert lane["Ibu hamil"][0] == 1
    assert lane["Tanpa prioritas"][0] == 1


def test_the_kiosk_offers_the_priority_lane(client: Client) -> None:
    form = client.get("/buku-tamu/").text
    assert 'name="priority" value="disability"' in form
    data = {**entry(name="Rahmat Hidayat"), "priority": "disability", "consent": "on"}
    data["birth_year"] = str(data["birth_year"])
    response = client.post("/buku-tamu/", data)
    assert response.status_code == 302, response.content[:500]
    assert Visit.objects.get().priority == "disability"


def test_the_display_shows_numbers_only_and_calls_the_latest(client: Client, officer: User) -> None:
    now = timezone.now()
    first = guestbook_submit(**entry(name="Rina Marlina"), now=now - timedelta(minutes=3))
    guestbook_submit(**entry(name="Dewi Lestari", priority="disability"), now=now)
    visit_start_service(visit=first, officer=officer, now=now)
    data = client.get("/layar-antrean/data.json").json()
    assert data["calling"]["label"] == first.queue_label
    assert data["serving"] == [{"label": first.queue_label, "priority": False}]
    assert data["waiting"][0]["priority"] is True
    assert "Rina" not in str(data)
    assert "Dewi" not in str(data)
    page = client.get("/layar-antrean/").text
    assert "Rina" not in page


def test_the_call_is_spoken_offline_by_espeak_ng(client: Client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    response = client.get("/layar-antrean/suara/12.wav")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body[:4] == b"RIFF"
    assert body[8:12] == b"WAVE"
    assert len(body) > 50_000  # about two seconds of speech, not an empty file
    assert (tmp_path / "voice" / "id-12.wav").exists()
    assert client.get("/layar-antrean/suara/0.wav").status_code == 404
