"""The desk's pages: locker board, closing time, photocopy printout, service report and CSV."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.template.defaultfilters import floatformat
from django.test import Client
from django.utils import translation

from catalogue.models import Publication
from catalogue.services.holdings import holding_create
from tests.portal.desk_support import MORNING, WIB, entry
from visitors.models import AuditEntry, Locker, PhotocopyRequest, Visit
from visitors.selectors import service_report, service_report_csv
from visitors.services import (
    guestbook_submit,
    locker_assign,
    photocopy_issue,
    reading_start,
    visit_check_out,
    visit_finish_service,
    visit_start_service,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def cell(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]*)<', html)
    assert match, element_id
    return match.group(1).strip()


def test_locker_board_shows_free_and_held_lockers(desk: Client, officer: User) -> None:
    Locker.objects.create(number=1)
    Locker.objects.create(number=2, active=False)
    held = Locker.objects.create(number=3, label="dekat pintu")
    visit = guestbook_submit(**entry(name="Budi Santoso", sex="male"))
    locker_assign(visit=visit, officer=officer, locker=held)
    page = desk.get("/meja/loker/")
    assert page.status_code == 200
    text = page.text
    assert "1 kosong, 1 terpakai." in text
    assert 'class="locker free" id="locker-1"' in text
    assert 'class="locker inactive" id="locker-2"' in text
    board = text[text.index('id="locker-3"') :]
    assert "dekat pintu" in board
    assert visit.queue_label in board
    assert f'action="/meja/kunjungan/{visit.pk}/kembalikan/"' in board
    assert 'name="next" value="/meja/loker/"' in board


def test_closing_time_lists_what_is_still_open(desk: Client, officer: User) -> None:
    Locker.objects.create(number=4)
    bag = guestbook_submit(**entry(name="Budi Santoso", sex="male"))
    locker_assign(visit=bag, officer=officer)
    gone = guestbook_submit(**entry(name="Sari Dewi"))
    visit_start_service(visit=gone, officer=officer)
    visit_finish_service(visit=gone, officer=officer)
    visit_check_out(visit=gone, officer=officer)
    page = desk.get("/meja/tutup/").text
    lockers = page[page.index('id="closing-lockers"') : page.index('id="closing-id-cards"')]
    id_cards = page[page.index('id="closing-id-cards"') : page.index('id="closing-visits"')]
    visits = page[page.index('id="closing-visits"') :]
    for section in (lockers, id_cards, visits):
        assert "Budi Santoso" in section
        assert "Sari Dewi" not in section
    assert 'id="all-settled"' not in page


def test_closing_time_lists_copies_still_in_the_reading_room(
    desk: Client, officer: User, publication: Publication
) -> None:
    copy = holding_create(publication=publication, barcode="PST-0042")
    visit = guestbook_submit(**entry(name="Budi Santoso", sex="male"))
    record = reading_start(visit=visit, barcode=copy.barcode, officer=officer)
    page = desk.get("/meja/tutup/").text
    readings = page[page.index('id="closing-readings"') :]
    assert "PST-0042" in readings
    assert "Kota Pariaman Dalam Angka 2025" in readings
    back = desk.post(f"/meja/baca/{record.pk}/kembali/", {"next": "/meja/tutup/"})
    assert back["Location"] == "/meja/tutup/"
    page = desk.get("/meja/tutup/").text
    assert "PST-0042" not in page[page.index('id="closing-readings"') :]
    copy.refresh_from_db()
    assert copy.status == "available"


def test_closing_time_says_when_everything_is_settled(desk: Client) -> None:
    assert 'id="all-settled"' in desk.get("/meja/tutup/").text


def test_photocopy_printout_is_numbered_and_free_of_charge(
    desk: Client, officer: User, publication: Publication
) -> None:
    visit = guestbook_submit(**entry(name="Budi Santoso", sex="male"), now=MORNING)
    form = photocopy_issue(
        visit=visit,
        publication=publication,
        pages="12-14, 3",
        officer=officer,
        now=MORNING + timedelta(minutes=20),
    )
    page = desk.get(f"/meja/fotokopi/{form.pk}/cetak/")
    assert page.status_code == 200
    text = page.text
    assert form.form_number == "FC-2026-0001"
    assert 'id="form-number">FC-2026-0001<' in text
    assert "2 Maret 2026, 08:20" in text
    assert f'id="form-queue">{visit.queue_label} ' in text
    assert "Kota Pariaman Dalam Angka 2025" in text
    assert "3, 12-14" in text
    assert "4 halaman" in text
    assert 'id="free-of-charge">Layanan ini tidak dipungut biaya.<' in text
    assert text.lower().count("biaya") == 1  # the free line only: no fee field
    assert not re.search(r"\b(rp|tarif|harga|bayar|biaya fotokopi)\b", text, re.IGNORECASE)
    assert "Budi Santoso" not in text
    assert "Koperasi" in text
    assert text.count('class="signature"') == 3
    english = desk.get(f"/en/meja/fotokopi/{form.pk}/cetak/").text
    assert "This service is free of charge." in english
    assert not re.search(r"\b(fee|price|cost|pay)\b", english, re.IGNORECASE)


def test_photocopy_marked_done_from_the_desk(
    desk: Client, officer: User, publication: Publication
) -> None:
    visit = guestbook_submit(**entry())
    form = photocopy_issue(visit=visit, publication=publication, pages="1", officer=officer)
    visit_start_service(visit=visit, officer=officer)
    page = desk.get("/meja/").text
    assert f'action="/meja/fotokopi/{form.pk}/selesai/"' in page
    done = desk.post(f"/meja/fotokopi/{form.pk}/selesai/", follow=True)
    assert "Fotokopi FC-" in done.text
    form.refresh_from_db()
    assert (form.status, form.done_by) == (PhotocopyRequest.Status.DONE, officer)
    assert AuditEntry.objects.filter(action="photocopy.done", actor=officer).count() == 1
    again = desk.post(f"/meja/fotokopi/{form.pk}/selesai/", follow=True)
    assert "Langkah ini tidak dapat dilakukan pada status saat ini." in again.text


def _a_day_of_visits(officer: User) -> list[Visit]:
    """Five visits on DAY: waits of 2, 4, 6 and 10 minutes, and one never served."""
    visits = []
    for number, (wait, extra) in enumerate(
        [
            (2, {"service": "consultation", "sex": "male"}),
            (4, {"purpose": "research"}),
            (6, {"is_group": True, "male_count": 3, "female_count": 2}),
            (10, {"institution_category": "local_government"}),
            (None, {}),
        ]
    ):
        arrived = MORNING + timedelta(minutes=15 * number)
        visit = guestbook_submit(**entry(**extra), now=arrived)
        if wait is not None:
            visit_start_service(visit=visit, officer=officer, now=arrived + timedelta(minutes=wait))
        visits.append(visit)
    return visits


def test_report_numbers_equal_the_selectors(reporter: Client, officer: User) -> None:
    visits = _a_day_of_visits(officer)
    book = Publication.objects.create(title="Kota Pariaman Dalam Angka 2025", year=2025)
    for visit, barcode in [(visits[0], "PST-1"), (visits[0], "PST-2"), (visits[2], "PST-3")]:
        holding_create(publication=book, barcode=barcode)
        reading_start(visit=visit, barcode=barcode, officer=officer)
    page = reporter.get("/meja/laporan/", {"mulai": "2026-03-02", "sampai": "2026-03-02"})
    assert page.status_code == 200
    text = page.text
    expected = service_report(start=DAY, end=DAY)
    assert expected.visits == 5  # the day is really there
    with translation.override("id"):
        share = floatformat((expected.sla_share or 0) * 100, 1)
        median = floatformat(expected.wait_median_seconds, 1)
        p90 = floatformat(expected.wait_p90_seconds, 1)
    assert cell(text, "report-visits") == str(expected.visits)
    assert cell(text, "report-persons") == str(expected.persons)
    assert cell(text, "report-headcount") == str(expected.headcount)
    assert cell(text, "report-served") == str(expected.served)
    assert cell(text, "report-sla-met") == str(expected.sla_met)
    assert cell(text, "report-sla-missed") == str(expected.sla_missed)
    assert cell(text, "report-sla-pending") == str(expected.sla_pending)
    assert cell(text, "report-sla-share") == f"{share} %"
    assert cell(text, "report-wait-median") == median
    assert cell(text, "report-wait-p90") == p90
    assert (share, median, p90) == ("40,0", "300,0", "600,0")
    readings = [cell(text, f"report-{name}") for name in ("readings", "reading-publications")]
    assert [*readings, cell(text, "report-reading-visits")] == ["3", "1", "2"]
    assert (expected.readings, expected.reading_publications, expected.reading_visits) == (3, 1, 2)
    for table, counts in [
        ("report-by-service", expected.by_service),
        ("report-by-purpose", expected.by_purpose),
        ("report-by-institution-category", expected.by_institution_category),
        ("report-by-sex", expected.by_sex),
    ]:
        section = text[text.index(f'id="{table}"') :]
        section = section[: section.index("</table>")]
        shown = dict(re.findall(r'data-code="([^"]+)"><th>[^<]*</th><td>([0-9]+)</td>', section))
        assert shown == {code: str(count) for code, count in counts.items()}, table
    assert "Konsultasi statistik" in text
    english = reporter.get("/en/meja/laporan/", {"mulai": "2026-03-02"}).text
    assert "Statistical consultation" in english
    assert cell(english, "report-visits") == "5"


def test_report_defaults_to_today_and_has_month_shortcuts(reporter: Client) -> None:
    page = reporter.get("/meja/laporan/").text
    assert cell(page, "report-visits") == "0"
    assert 'id="period-this-month"' in page
    assert 'id="period-last-month"' in page


def test_report_month_shortcut_covers_the_whole_month(reporter: Client, officer: User) -> None:
    _a_day_of_visits(officer)
    guestbook_submit(**entry(), now=datetime(2026, 3, 31, 15, 0, tzinfo=WIB))
    guestbook_submit(**entry(), now=datetime(2026, 4, 1, 9, 0, tzinfo=WIB))
    page = reporter.get("/meja/laporan/", {"bulan": "2026-03"}).text
    assert cell(page, "report-visits") == "6"
    assert "mulai=2026-03-01&amp;sampai=2026-03-31" in page  # the CSV link


def test_report_refuses_a_backwards_period(reporter: Client) -> None:
    page = reporter.get("/meja/laporan/", {"mulai": "2026-03-05", "sampai": "2026-03-01"})
    assert page.status_code == 400
    assert "Tanggal mulai harus sebelum atau sama dengan sampai." in page.text


def test_csv_download(reporter: Client, officer: User) -> None:
    _a_day_of_visits(officer)
    response = reporter.get("/meja/laporan/csv/", {"mulai": "2026-03-02", "sampai": "2026-03-02"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="laporan-layanan-2026-03-02_2026-03-02.csv"'
    )
    assert response.content.decode() == service_report_csv(start=DAY, end=DAY)
    assert response.content.decode().startswith("bagian,kode,label,nilai\r\n")


def test_only_staff_with_the_report_permission_see_the_report(
    client: Client, officer: User, librarian: User
) -> None:
    client.force_login(officer)
    assert client.get("/meja/laporan/").status_code == 403
    assert client.get("/meja/laporan/csv/").status_code == 403
    assert 'id="nav-report"' not in client.get("/meja/").text
    client.force_login(librarian)
    assert client.get("/meja/laporan/").status_code == 200
    assert 'id="nav-report"' in client.get("/meja/").text
    assert client.get("/meja/").status_code == 200  # librarians use the desk too
