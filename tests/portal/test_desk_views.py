"""The frontline desk: who may use it, the live queue, and a visit walked through the views."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from catalogue.models import Holding, Publication
from catalogue.services.holdings import holding_create
from portal.visitors.access import DESK_PERMISSION
from tests.portal.desk_support import MORNING, entry, login_url
from visitors.models import AuditEntry, Locker, PhotocopyRequest, ReadingRecord, Visit
from visitors.services import (
    guestbook_submit,
    locker_assign,
    reading_start,
    visit_start_service,
)

pytestmark = pytest.mark.django_db


def _actions(visit: Visit) -> list[tuple[str, str | None]]:
    rows = AuditEntry.objects.filter(object_type="visit", object_id=str(visit.pk)).order_by(
        "at", "id"
    )
    return [(row.action, row.actor.username if row.actor else None) for row in rows]


@pytest.mark.parametrize(
    "url",
    [
        "/meja/",
        "/meja/antrean.json",
        "/meja/loker/",
        "/meja/tutup/",
        "/meja/laporan/",
        "/meja/fotokopi/1/cetak/",
        "/meja/kunjungan/1/baca/",
    ],
)
def test_desk_requires_login(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{login_url()}?next=")


def test_desk_steps_require_login(client: Client) -> None:
    visit = guestbook_submit(**entry())
    response = client.post(f"/meja/kunjungan/{visit.pk}/mulai/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{login_url()}?next=")
    assert Visit.objects.get().state == Visit.State.WAITING


def test_staff_without_the_desk_permission_are_refused(client: Client, groups) -> None:
    client.force_login(User.objects.create_user("tamu", password="x", is_staff=True))
    assert client.get("/meja/").status_code == 403
    assert client.get("/meja/antrean.json").status_code == 403


def test_queue_page_lists_waiting_visits_with_a_ticking_timer(desk: Client) -> None:
    visit = guestbook_submit(**entry(name="Budi Santoso", sex="male"))
    page = desk.get("/meja/")
    assert page.status_code == 200
    text = page.text
    assert 'id="queue"' in text
    assert 'data-url="/meja/antrean.json"' in text
    assert f'data-since="{int(visit.guestbook_at.timestamp() * 1000)}"' in text
    assert "Budi Santoso" in text
    assert f'action="/meja/kunjungan/{visit.pk}/mulai/"' in text
    assert "portal/queue.js" in text
    assert '<noscript><meta http-equiv="refresh"' in text
    assert 'id="queue-row-template"' in text
    assert 'id="nav-group-layanan"' in text  # the shell's group link for desk users


def test_queue_json_turns_amber_at_four_minutes_and_red_at_five(
    client: Client, officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    red = guestbook_submit(**entry(), now=MORNING)
    amber = guestbook_submit(**entry(), now=MORNING + timedelta(minutes=1))
    ok = guestbook_submit(**entry(), now=MORNING + timedelta(minutes=1, seconds=1))
    frozen = MORNING + timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    client.force_login(officer)

    data = client.get("/meja/antrean.json").json()
    by_id = {row["id"]: row for row in data["waiting"]}
    assert [row["id"] for row in data["waiting"]] == [red.pk, amber.pk, ok.pk]
    assert (by_id[red.pk]["waited_seconds"], by_id[red.pk]["level"]) == (300, "red")
    assert (by_id[amber.pk]["waited_seconds"], by_id[amber.pk]["level"]) == (240, "amber")
    assert (by_id[ok.pk]["waited_seconds"], by_id[ok.pk]["level"]) == (239, "ok")
    assert data["now_ms"] == int(frozen.timestamp() * 1000)
    assert by_id[red.pk]["guestbook_ms"] == int(MORNING.timestamp() * 1000)
    assert (data["amber_seconds"], data["red_seconds"]) == (240, 300)
    assert by_id[red.pk]["queue_label"] == "001"
    assert by_id[red.pk]["service"] == "Perpustakaan"
    assert by_id[red.pk]["urls"]["start"] == f"/meja/kunjungan/{red.pk}/mulai/"

    english = client.get("/en/meja/antrean.json").json()
    assert english["waiting"][0]["service"] == "Library"
    page = client.get("/meja/")
    assert f'class="level-red" data-visit-id="{red.pk}"' in page.text
    assert f'class="level-amber" data-visit-id="{amber.pk}"' in page.text
    assert ">5:00<" in page.text


def test_officer_walks_a_visit_through_the_desk(
    desk: Client, officer: User, publication: Publication
) -> None:
    visit = guestbook_submit(**entry())
    Locker.objects.create(number=1)
    second = Locker.objects.create(number=2)
    base = f"/meja/kunjungan/{visit.pk}"

    started = desk.post(f"{base}/mulai/", follow=True)
    assert started.redirect_chain[-1][0] == "/meja/"
    assert "Nomor 001 mulai dilayani." in started.text
    visit.refresh_from_db()
    assert (visit.state, visit.service_started_by) == (Visit.State.IN_SERVICE, officer)

    locker = desk.post(f"{base}/loker/", {"locker": second.pk}, follow=True)
    assert "Kartu identitas nomor 001 diterima; loker 2 diberikan." in locker.text
    visit.refresh_from_db()
    assert (visit.locker, visit.id_card_received_by) == (second, officer)
    assert visit.holds_id_card

    shelf = holding_create(publication=publication, barcode="PST-0001")
    search = desk.get(f"{base}/baca/", {"q": "pariaman angka"})
    assert "Kota Pariaman Dalam Angka 2025" in search.text
    assert 'data-barcode="PST-0001"' in search.text
    reading = desk.post(f"{base}/baca/", {"barcode": " PST-0001 "}, follow=True)
    assert "membaca “Kota Pariaman Dalam Angka 2025” (eksemplar PST-0001)" in reading.text
    record = ReadingRecord.objects.get(visit=visit)
    assert (record.is_open, record.started_by, record.holding) == (True, officer, shelf)
    shelf.refresh_from_db()
    assert shelf.status == Holding.Status.READING_ROOM
    assert "PST-0001" in reading.text  # the card on the queue names the copy

    copy = desk.post(
        f"{base}/fotokopi/", {"publication": publication.pk, "pages": "1-5, 9"}, follow=True
    )
    form = PhotocopyRequest.objects.get(visit=visit)
    assert (form.pages, form.page_count, form.issued_by) == ("1-5, 9", 6, officer)
    assert f"Formulir fotokopi {form.form_number} diterbitkan untuk nomor 001." in copy.text
    assert f"/meja/fotokopi/{form.pk}/cetak/" in copy.text

    desk.post(f"{base}/selesai/")
    desk.post(f"/meja/baca/{record.pk}/kembali/")
    desk.post(f"/meja/fotokopi/{form.pk}/selesai/")
    released = desk.post(f"{base}/kembalikan/", follow=True)
    assert "Kartu identitas nomor 001 dikembalikan dan lokernya dikosongkan." in released.text
    left = desk.post(f"{base}/pulang/", follow=True)
    assert "Nomor 001 sudah pulang." in left.text

    visit.refresh_from_db()
    record.refresh_from_db()
    form.refresh_from_db()
    assert visit.state == Visit.State.LEFT
    assert (visit.checked_out_by, visit.id_card_returned_by) == (officer, officer)
    assert visit.locker_released_at is not None
    assert (record.returned_by, form.status, form.done_by) == (officer, "done", officer)
    shelf.refresh_from_db()
    assert shelf.status == Holding.Status.AVAILABLE
    assert _actions(visit) == [
        ("guestbook.submit", None),
        ("visit.start_service", "petugas"),
        ("locker.assign", "petugas"),
        ("visit.finish_service", "petugas"),
        ("locker.release", "petugas"),
        ("visit.check_out", "petugas"),
    ]
    desk_actions = set(AuditEntry.objects.filter(actor=officer).values_list("action", flat=True))
    assert {"reading.start", "reading.return", "photocopy.issue", "photocopy.done"} <= desk_actions


def test_check_out_with_the_id_card_held_shows_the_error(desk: Client, officer: User) -> None:
    Locker.objects.create(number=1)
    visit = guestbook_submit(**entry())
    locker_assign(visit=visit, officer=officer)
    response = desk.post(f"/meja/kunjungan/{visit.pk}/pulang/", follow=True)
    assert "Kartu identitas pengunjung belum dikembalikan." in response.text
    english = desk.post(f"/en/meja/kunjungan/{visit.pk}/pulang/", follow=True)
    assert english.redirect_chain[-1][0] == "/en/meja/"
    assert "The visitor&#x27;s ID card has not been returned yet." in english.text
    visit.refresh_from_db()
    assert visit.state == Visit.State.WAITING
    assert visit.checked_out_at is None


def test_a_locker_taken_by_another_visit_is_refused(desk: Client, officer: User) -> None:
    locker = Locker.objects.create(number=7)
    first = guestbook_submit(**entry())
    second = guestbook_submit(**entry())
    locker_assign(visit=first, officer=officer, locker=locker)
    response = desk.post(f"/meja/kunjungan/{second.pk}/loker/", {"locker": locker.pk}, follow=True)
    assert "Loker ini sudah dipakai pengunjung lain. Pilih loker lain." in response.text
    url = f"/en/meja/kunjungan/{second.pk}/loker/"
    english = desk.post(url, {"locker": locker.pk}, follow=True)
    assert "This locker is already taken by another visitor. Choose another one." in english.text
    second.refresh_from_db()
    assert second.locker is None
    assert not second.holds_id_card


def test_a_second_start_reports_the_wrong_state(desk: Client, officer: User) -> None:
    visit = guestbook_submit(**entry())
    visit_start_service(visit=visit, officer=officer)
    response = desk.post(f"/meja/kunjungan/{visit.pk}/mulai/", follow=True)
    assert "Langkah ini tidak dapat dilakukan pada status saat ini." in response.text


def test_photocopy_with_bad_page_ranges_shows_the_form_again(
    desk: Client, publication: Publication
) -> None:
    visit = guestbook_submit(**entry())
    url = f"/meja/kunjungan/{visit.pk}/fotokopi/"
    response = desk.post(url, {"publication": publication.pk, "pages": "9-3"})
    assert response.status_code == 400
    assert "Rentang halaman tidak valid." in response.text
    english = desk.post(f"/en{url}", {"publication": publication.pk, "pages": ""})
    assert "The page range is not valid." in english.text
    missing = desk.post(url, {"pages": "1-2"})
    assert "Pilih publikasi dari hasil pencarian." in missing.text
    assert PhotocopyRequest.objects.count() == 0


def test_reading_search_offers_copies_on_the_shelf_of_live_publications_only(
    desk: Client, officer: User, publication: Publication
) -> None:
    gone = Publication.objects.create(
        title="Kota Pariaman Dalam Angka 2019", year=2019, deleted_at=timezone.now()
    )
    Holding.objects.create(publication=gone, barcode="OLD-0001")
    holding_create(publication=publication, barcode="PST-0001")
    holding_create(publication=publication, barcode="PST-0002", status="withdrawn")
    busy = holding_create(publication=publication, barcode="PST-0003")
    reading_start(visit=guestbook_submit(**entry()), barcode=busy.barcode, officer=officer)
    visit = guestbook_submit(**entry())
    page = desk.get(f"/meja/kunjungan/{visit.pk}/baca/", {"q": "Pariaman"})
    assert "Dalam Angka 2025" in page.text
    assert 'data-barcode="PST-0001"' in page.text
    assert 'data-barcode="PST-0002"' not in page.text  # withdrawn
    assert 'data-barcode="PST-0003"' not in page.text  # in the reading room already
    assert "Dalam Angka 2019" not in page.text


@pytest.mark.parametrize(
    ("barcode", "status", "message_id", "message_en"),
    [
        ("", 400, "Tulis atau pindai barkode eksemplar", "Type or scan the barcode"),
        ("NOPE-1", 404, "Tidak ada eksemplar dengan barkode itu.", "There is no copy with"),
        ("PST-0002", 409, "sudah ditarik dari koleksi", "has been withdrawn"),
        ("PST-0003", 409, "sedang di ruang baca", "already in the reading room"),
        ("PST-0004", 409, "tercatat hilang", "recorded as missing"),
    ],
)
def test_a_copy_that_cannot_be_handed_out_is_refused_in_both_languages(
    desk: Client,
    officer: User,
    publication: Publication,
    barcode: str,
    status: int,
    message_id: str,
    message_en: str,
) -> None:
    holding_create(publication=publication, barcode="PST-0002", status="withdrawn")
    busy = holding_create(publication=publication, barcode="PST-0003")
    holding_create(publication=publication, barcode="PST-0004", status="missing")
    reading_start(visit=guestbook_submit(**entry()), barcode=busy.barcode, officer=officer)
    visit = guestbook_submit(**entry())
    url = f"/meja/kunjungan/{visit.pk}/baca/"
    refused = desk.post(url, {"barcode": barcode})
    assert (refused.status_code, message_id in refused.text) == (status, True)
    assert f'value="{barcode}"' in refused.text or not barcode  # what was typed stays
    english = desk.post(f"/en{url}", {"barcode": barcode})
    assert message_en in english.text
    assert not ReadingRecord.objects.filter(visit=visit).exists()
    statuses = dict(Holding.objects.values_list("barcode", "status"))
    assert statuses == {"PST-0002": "withdrawn", "PST-0003": "reading_room", "PST-0004": "missing"}


def test_a_step_returns_to_the_page_it_came_from_on_this_site_only(
    desk: Client, officer: User
) -> None:
    Locker.objects.create(number=1)
    visit = guestbook_submit(**entry())
    locker_assign(visit=visit, officer=officer)
    back = desk.post(f"/meja/kunjungan/{visit.pk}/kembalikan/", {"next": "/meja/loker/"})
    assert back["Location"] == "/meja/loker/"
    other = guestbook_submit(**entry())
    away = desk.post(f"/meja/kunjungan/{other.pk}/mulai/", {"next": "https://example.com/"})
    assert away["Location"] == "/meja/"


def test_unknown_visit_is_not_found(desk: Client) -> None:
    assert desk.post("/meja/kunjungan/999/mulai/").status_code == 404
    assert desk.get("/meja/kunjungan/999/baca/").status_code == 404


def test_a_photocopy_form_takes_the_copy_in_hand_to_the_cooperative(
    desk: Client, officer: User, publication: Publication
) -> None:
    copy = holding_create(publication=publication, barcode="PST-0001")
    visit = guestbook_submit(**entry())
    visit_start_service(visit=visit, officer=officer)
    reading_start(visit=visit, barcode=copy.barcode, officer=officer)
    url = f"/meja/kunjungan/{visit.pk}/fotokopi/"
    page = desk.get(url)
    assert f'id="holding-{copy.pk}" value="{copy.pk}"' in page.text
    response = desk.post(url, {"holding": copy.pk, "pages": "1-4"}, follow=True)
    form = PhotocopyRequest.objects.get()
    assert (form.holding, form.publication, form.page_count) == (copy, publication, 4)
    copy.refresh_from_db()
    assert copy.status == Holding.Status.PHOTOCOPY
    assert "eksemplar PST-0001 di koperasi" in response.text  # the visit card says where
    desk.post(f"/meja/fotokopi/{form.pk}/selesai/")
    copy.refresh_from_db()
    assert copy.status == Holding.Status.READING_ROOM


def test_a_copy_not_lent_to_the_visit_is_refused_in_both_languages(
    desk: Client, officer: User, publication: Publication
) -> None:
    copy = holding_create(publication=publication, barcode="PST-0001")
    reader, other = guestbook_submit(**entry()), guestbook_submit(**entry())
    reading_start(visit=reader, barcode=copy.barcode, officer=officer)
    url = f"/meja/kunjungan/{other.pk}/fotokopi/"
    response = desk.post(url, {"holding": copy.pk, "pages": "1"})
    assert response.status_code == 409
    assert "Eksemplar ini tidak sedang dibaca oleh pengunjung ini" in response.text
    english = desk.post(f"/en{url}", {"holding": 999999, "pages": "1"})
    assert "This copy is not being read by this visitor" in english.text
    assert PhotocopyRequest.objects.count() == 0
    copy.refresh_from_db()
    assert copy.status == Holding.Status.READING_ROOM


def test_the_visit_card_offers_scan_to_email_only_with_the_permission(
    client: Client, officer: User
) -> None:
    visit = guestbook_submit(**entry())
    visit_start_service(visit=visit, officer=officer)
    link = f'href="/staf/pindai/baru/?kunjungan={visit.pk}"'
    assert officer.has_perm("scanning.add_scanrequest")  # the frontline group may
    client.force_login(officer)
    assert link in client.get("/meja/di-meja/").text
    assert link in client.get("/meja/").text
    desk_only = User.objects.create_user("meja", password="x", is_staff=True)
    app, codename = DESK_PERMISSION.split(".")
    desk_only.user_permissions.add(
        Permission.objects.get(content_type__app_label=app, codename=codename)
    )
    client.force_login(desk_only)
    section = client.get("/meja/di-meja/")
    assert (section.status_code, visit.queue_label in section.text) == (200, True)
    assert link not in section.text
