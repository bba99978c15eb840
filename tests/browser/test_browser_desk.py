"""In a real browser: a visitor at the guestbook kiosk, and an officer walking a visit through
the desk (start service, locker, reading room, photocopy form, check-out)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from catalogue.models import Holding
from catalogue.services.holdings import holding_create
from catalogue.services.publications import publication_create
from visitors.models import AuditEntry, Locker, PhotocopyRequest, ReadingRecord, Visit
from visitors.selectors import lockers_free
from visitors.services import guestbook_submit, reading_start, visit_start_service

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

Shot = Callable[[Any, str], Path]
TITLE = "Kota Pariaman Dalam Angka 2025"


def test_visitor_fills_the_kiosk_and_gets_a_queue_number(
    live_server: Any, page: Any, screenshot: Shot
) -> None:
    page.goto(f"{live_server.url}/buku-tamu/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_contain_text("Silakan isi buku tamu")
    expect(page.locator("#privacy-notice")).to_contain_text("Pemberitahuan privasi")

    page.fill("input[name=name]", "Rina Marlina")
    page.fill("input[name=birth_year]", "1998")
    page.check("input[name=sex][value=female]")
    page.select_option("select[name=education]", "bachelor")
    page.select_option("select[name=occupation]", "student")
    page.fill("input[name=phone]", "0812 3456 7890")
    page.fill("input[name=email]", "rina.marlina@contoh.id")
    page.fill("input[name=institution]", "Universitas Andalas")
    page.select_option("select[name=institution_category]", "education_research")
    page.check("input[name=purpose][value=thesis]")
    page.check("input[name=service][value=library]")
    page.check("input[name=id_type][value=ktp]")
    page.check("input[name=consent]")
    screenshot(page, "kiosk-form.png")

    page.click("#submit-guestbook")
    page.wait_for_url(re.compile(r"/buku-tamu/tiket/"))
    number = page.locator("#queue-number")
    expect(number).to_have_text(re.compile(r"^\s*\d{3}\s*$"))
    expect(page.locator("#ticket")).to_contain_text("Nomor antrean Anda")
    screenshot(page, "kiosk-ticket.png")

    html = page.content()
    for detail in ("Rina", "Marlina", "0812", "3456 7890", "81234567890", "contoh.id", "Andalas"):
        assert detail not in html, f"the public ticket shows {detail!r}"
    visit = Visit.objects.select_related("visitor").get()
    assert visit.queue_label == number.inner_text().strip()
    assert visit.visitor.name == "Rina Marlina"
    assert visit.state == Visit.State.WAITING


def test_officer_walks_a_visit_through_the_desk(
    live_server: Any, page: Any, screenshot: Shot, officer: User, officer_password: str
) -> None:
    publication = publication_create(title=TITLE, year=2025)
    shelf = holding_create(publication=publication, barcode="PST-0001", shelf_location="Rak A1")
    Locker.objects.create(number=1)
    locker = Locker.objects.create(number=2)
    visit = guestbook_submit(
        name="Budi Santoso",
        phone="081298765432",
        birth_year=1990,
        sex="male",
        education="bachelor",
        occupation="civil_servant",
        institution_category="local_government",
        purpose="research",
        service="library",
        id_type="ktp",
    )
    label = visit.queue_label
    messages = page.locator("ul.messages")

    # The desk sends a stranger to the login page; the officer signs in (staff use the
    # admin's own login form, which stays put whatever the site's login page is).
    page.goto(f"{live_server.url}/meja/")
    page.wait_for_url(re.compile(r"\?next=/meja/"))
    page.goto(f"{live_server.url}/admin/login/?next=/meja/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", officer_password)
    screenshot(page, "desk-01-login.png")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/meja/")

    # The visitor waits in the queue; the timer ticks in the browser.
    row = page.locator(f'#queue tr[data-visit-id="{visit.pk}"]')
    expect(row).to_contain_text("Budi Santoso")
    timer = row.locator(".timer")
    before = timer.inner_text()
    page.wait_for_timeout(1200)
    after = timer.inner_text()
    assert before != after, f"the queue timer did not tick ({before!r})"
    screenshot(page, "desk-02-queue.png")

    row.get_by_role("button", name="Mulai layanan").click()
    expect(messages).to_contain_text(f"Nomor {label} mulai dilayani.")
    card = page.locator(f"#visit-{visit.pk}")
    expect(card).to_have_attribute("data-state", "in_service")
    screenshot(page, "desk-03-started.png")

    card.locator("select[name=locker]").select_option(str(locker.pk))
    card.get_by_role("button", name="Terima kartu identitas dan beri loker").click()
    expect(messages).to_contain_text(f"Kartu identitas nomor {label} diterima; loker 2 diberikan.")
    expect(card.locator(".custody")).to_contain_text("Loker 2")
    screenshot(page, "desk-04-locker.png")

    # Reading room: a mistyped barcode is refused, then the copy is picked from the title's
    # copies on the shelf; the catalogue shows it "in the reading room".
    card.get_by_role("link", name="Ruang baca").click()
    page.fill("input[name=barcode]", "PST-9999")
    page.get_by_role("button", name="Serahkan untuk dibaca").click()
    expect(page.locator("#reading-barcode .error")).to_contain_text(
        "Tidak ada eksemplar dengan barkode itu."
    )
    expect(page.locator("input[name=barcode]")).to_have_value("PST-9999")
    page.fill("input[name=q]", "pariaman angka")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#results")).to_contain_text(TITLE)
    screenshot(page, "desk-05-reading-search.png")
    page.locator('#results button[data-barcode="PST-0001"]').click()
    expect(messages).to_contain_text(
        f"Nomor {label} membaca “{TITLE}” (eksemplar PST-0001) di ruang baca."
    )
    expect(card.locator(".readings")).to_contain_text(TITLE)
    expect(card.locator(".readings")).to_contain_text("PST-0001")
    shelf.refresh_from_db()
    assert shelf.status == Holding.Status.READING_ROOM
    screenshot(page, "desk-06-reading.png")

    # Photocopy form: pick the publication and pages, issue, open the print view.
    card.get_by_role("link", name="Formulir fotokopi").click()
    page.fill("input[name=q]", "Pariaman")
    page.get_by_role("button", name="Cari").click()
    page.check(f"#publication-{publication.pk}")
    page.fill("input[name=pages]", "1-5, 9")
    screenshot(page, "desk-07-photocopy-form.png")
    page.click("#issue-photocopy")
    form = PhotocopyRequest.objects.get(visit=visit)
    assert re.fullmatch(r"FC-\d{4}-\d{4}", form.form_number)
    expect(messages).to_contain_text(
        f"Formulir fotokopi {form.form_number} diterbitkan untuk nomor {label}."
    )
    screenshot(page, "desk-08-photocopy-issued.png")

    with page.context.expect_page() as opened:
        card.get_by_role("link", name="Cetak formulir").click()
    sheet = opened.value
    sheet.wait_for_load_state()
    expect(sheet.locator("#form-number")).to_have_text(form.form_number)
    expect(sheet.locator("#form-title")).to_contain_text(TITLE)
    expect(sheet.locator("#form-pages")).to_contain_text("1-5, 9")
    expect(sheet.locator("#free-of-charge")).to_contain_text("tidak dipungut biaya")
    screenshot(sheet, "desk-09-photocopy-print.png")
    sheet.close()

    card.get_by_role("button", name="Tandai fotokopi selesai").click()
    expect(messages).to_contain_text(f"Fotokopi {form.form_number} selesai.")

    # The publication comes back, service ends, ID card and locker are settled, visitor leaves.
    card.get_by_role("button", name="Bacaan kembali").click()
    expect(messages).to_contain_text(f"Bacaan nomor {label} sudah kembali ke meja.")
    expect(card.locator(".readings")).to_have_count(0)
    screenshot(page, "desk-10-reading-returned.png")

    card.get_by_role("button", name="Selesai dilayani").click()
    expect(messages).to_contain_text(f"Layanan untuk nomor {label} selesai.")
    expect(card).to_have_attribute("data-state", "done")

    card.get_by_role("button", name="Kembalikan kartu identitas dan kosongkan loker").click()
    expect(messages).to_contain_text(
        f"Kartu identitas nomor {label} dikembalikan dan lokernya dikosongkan."
    )
    screenshot(page, "desk-11-locker-released.png")

    card.get_by_role("button", name="Pulang").click()
    expect(messages).to_contain_text(f"Nomor {label} sudah pulang.")
    expect(card).to_have_count(0)
    screenshot(page, "desk-12-checked-out.png")

    visit.refresh_from_db()
    form.refresh_from_db()
    record = ReadingRecord.objects.get(visit=visit)
    assert visit.state == Visit.State.LEFT
    assert visit.service_started_by == officer
    assert (visit.checked_out_by, visit.id_card_returned_by) == (officer, officer)
    assert visit.locker_released_at is not None
    assert not visit.holds_id_card
    assert not visit.holds_locker
    assert locker in lockers_free()
    assert (record.returned_by, form.status, form.done_by) == (officer, "done", officer)
    shelf.refresh_from_db()
    assert (record.holding, shelf.status) == (shelf, Holding.Status.AVAILABLE)
    visit_actions = [
        (row.action, row.actor.username if row.actor else None)
        for row in AuditEntry.objects.filter(object_type="visit", object_id=str(visit.pk))
        .select_related("actor")
        .order_by("at", "id")
    ]
    assert visit_actions == [
        ("guestbook.submit", None),
        ("visit.start_service", "petugas"),
        ("locker.assign", "petugas"),
        ("visit.finish_service", "petugas"),
        ("locker.release", "petugas"),
        ("visit.check_out", "petugas"),
    ]
    desk_actions = set(AuditEntry.objects.filter(actor=officer).values_list("action", flat=True))
    assert {"reading.start", "reading.return", "photocopy.issue", "photocopy.done"} <= desk_actions


def test_the_desk_section_follows_another_officers_steps_without_reload(
    live_server: Any, page: Any, screenshot: Shot, officer: User, officer_password: str
) -> None:
    colleague = User.objects.create_user("petugas2", is_staff=True)
    publication = publication_create(title=TITLE, year=2025)
    shelf = holding_create(publication=publication, barcode="PST-0001")
    visit = guestbook_submit(
        name="Siti Aminah",
        phone="081377788899",
        birth_year=2001,
        sex="female",
        education="secondary",
        occupation="student",
        institution_category="education_research",
        purpose="assignment",
        service="library",
        id_type="student_card",
    )
    page.goto(f"{live_server.url}/admin/login/?next=/meja/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", officer_password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/meja/")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    card = page.locator(f"#at-desk #visit-{visit.pk}")
    expect(card).to_have_count(0)

    # Another officer, at another screen, takes the visitor and lends a copy.
    visit_start_service(visit=visit, officer=colleague)
    expect(card).to_have_attribute("data-state", "in_service", timeout=15_000)
    expect(page.locator(f'#queue tr[data-visit-id="{visit.pk}"]')).to_have_count(0)
    reading_start(visit=visit, barcode=shelf.barcode, officer=colleague)
    expect(card.locator(".readings")).to_contain_text("PST-0001", timeout=15_000)
    screenshot(page, "desk-live-at-desk.png")
    assert page.evaluate("window.sameDocument") is True

    # The swapped-in buttons work like the page's own.
    card.get_by_role("button", name="Bacaan kembali").click()
    expect(page.locator("ul.messages")).to_contain_text("sudah kembali ke meja")
    shelf.refresh_from_db()
    assert shelf.status == Holding.Status.AVAILABLE
