"""The feedback pages: public complaint form with honeypot, survey links, the staff register,
the response workflow, the IKM report with CSV, and who may see what."""

from __future__ import annotations

import csv
import importlib
import io
import re

import pytest
import zxingcpp
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageDraw

from feedback.models import Complaint, SurveyInvitation, SurveyReceipt, SurveyResponse
from feedback.services import complaint_submit, survey_submit
from tests.portal.desk_support import ROLES, entry, login_url
from visitors.models import Visit
from visitors.services import guestbook_submit

pytestmark = pytest.mark.django_db
FEEDBACK_ROLES = importlib.import_module("feedback.migrations.0002_staff_permissions")
RATINGS = {f"u{n}": "4" for n in range(1, 10)}


@pytest.fixture
def groups(db: None) -> dict[str, Group]:
    # A transactional test's flush removes the migrations' rows: make them again.
    ROLES.create_staff_groups(django_apps, None)
    FEEDBACK_ROLES.grant_feedback_permissions(django_apps, None)
    return {group.name: group for group in Group.objects.all()}


def _signed_in(client: Client, groups: dict[str, Group], group: str | None) -> Client:
    user = User.objects.create_user(f"u-{group}", password="x", is_staff=True)
    if group:
        user.groups.add(groups[group])
    client.force_login(user)
    return client


def _complaint(**overrides: object) -> Complaint:
    data: dict[str, object] = {
        "kind": "complaint",
        "channel": "email",
        "subject": "Wi-Fi lambat",
        "text": "Wi-Fi di ruang baca lambat.",
    }
    return complaint_submit(**(data | overrides))  # type: ignore[arg-type]


def test_public_form_records_a_website_complaint_and_shows_the_reference(client: Client) -> None:
    page = client.get("/layanan/pengaduan/")
    assert page.status_code == 200
    assert b'id="privacy-notice"' in page.content
    assert b"365" in page.content
    response = client.post(
        "/layanan/pengaduan/",
        {
            "kind": "suggestion",
            "subject": "Tambah kursi",
            "text": "Mohon tambah kursi di ruang baca.",
            "contact_email": "budi@contoh.id",
            "homepage": "",
        },
        follow=True,
    )
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.kind, complaint.contact_email) == (
        "website",
        "suggestion",
        "budi@contoh.id",
    )
    assert re.fullmatch(r"PGD-20[0-9]{2}-0001", complaint.reference)
    assert complaint.reference.encode() in response.content


def test_the_honeypot_drops_bots_silently(client: Client) -> None:
    response = client.post(
        "/layanan/pengaduan/",
        {"kind": "complaint", "subject": "Promo", "text": "Beli sekarang", "homepage": "x.com"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/layanan/pengaduan/terima-kasih/")
    assert not Complaint.objects.exists()


def test_bad_public_input_keeps_what_was_typed_and_speaks_both_languages(client: Client) -> None:
    data = {"kind": "complaint", "subject": "Antrean", "text": "Lama", "contact_phone": "12"}
    response = client.post("/layanan/pengaduan/", data)
    assert response.status_code == 400
    assert "Nomor telepon tidak valid" in response.content.decode()
    assert b'value="Antrean"' in response.content
    client.cookies["django_language"] = "en"
    english = client.post("/en/layanan/pengaduan/", data)
    assert "The phone number is not valid" in english.content.decode()
    assert not Complaint.objects.exists()


def test_the_public_survey_stores_an_anonymous_answer(client: Client) -> None:
    assert client.get("/layanan/survei/").status_code == 200
    response = client.post("/layanan/survei/", {**RATINGS, "comment": "Mantap", "homepage": ""})
    assert response.status_code == 302
    assert SurveyResponse.objects.get().source == "public"
    missing = client.post("/layanan/survei/", {**RATINGS, "u9": ""})
    assert missing.status_code == 400
    assert SurveyResponse.objects.count() == 1
    bot = client.post("/layanan/survei/", {**RATINGS, "homepage": "spam"})
    assert bot.status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_the_desk_invites_a_visit_once_and_its_link_answers_once(
    client: Client, groups: dict[str, Group]
) -> None:
    visit: Visit = guestbook_submit(**entry())
    desk = _signed_in(client, groups, "Petugas Layanan")
    issued = desk.post(f"/layanan/staf/survei/kunjungan/{visit.pk}/undang/")
    assert issued.status_code == 302
    page = desk.get(issued["Location"])
    token = SurveyInvitation.objects.get(visit=visit).token
    assert b"<svg" in page.content
    assert token.encode() in page.content
    desk.post(f"/layanan/staf/survei/kunjungan/{visit.pk}/undang/")
    assert SurveyInvitation.objects.count() == 1
    desk.logout()
    url = f"/layanan/survei/k/{token}/"
    assert client.get(url).status_code == 200
    assert client.post(url, RATINGS).status_code == 302
    again = client.get(url)
    assert again.status_code == 409
    assert b"survey_already_answered" in again.content
    assert client.post(url, RATINGS).status_code == 409
    assert (SurveyResponse.objects.get().source, SurveyReceipt.objects.count()) == ("visit", 1)
    assert client.get("/layanan/survei/k/bukan-token/").status_code == 404


def test_the_desk_card_offers_the_survey_qr(client: Client, groups: dict[str, Group]) -> None:
    visit = guestbook_submit(**entry())
    desk = _signed_in(client, groups, "Petugas Layanan")
    desk.post(reverse("desk-start", args=[visit.pk]))
    section = desk.get(reverse("desk-at-desk"))
    assert f"/layanan/staf/survei/kunjungan/{visit.pk}/undang/".encode() in section.content


@pytest.mark.parametrize(
    ("group", "register", "entry_page", "survey_report"),
    [
        (None, 403, 403, 403),
        ("Petugas Layanan", 200, 200, 403),
        ("Pustakawan", 200, 200, 200),
        ("Admin", 200, 200, 200),
    ],
)
def test_permissions_per_group(
    client: Client,
    groups: dict[str, Group],
    group: str | None,
    register: int,
    entry_page: int,
    survey_report: int,
) -> None:
    staff = _signed_in(client, groups, group)
    assert staff.get("/layanan/staf/pengaduan/").status_code == register
    assert staff.get("/layanan/staf/pengaduan/baru/").status_code == entry_page
    assert staff.get("/layanan/staf/survei/?periode=2026-03").status_code == survey_report
    assert staff.get("/layanan/staf/survei/csv/?periode=2026-03").status_code == survey_report


def test_anonymous_staff_pages_send_to_login(client: Client) -> None:
    response = client.get("/layanan/staf/pengaduan/")
    assert response.status_code == 302
    assert response["Location"] == f"{login_url()}?next=/layanan/staf/pengaduan/"


def test_staff_enter_a_lapor_complaint_and_work_it_through(
    client: Client, groups: dict[str, Group]
) -> None:
    staff = _signed_in(client, groups, "Petugas Layanan")
    form = {
        "channel": "lapor",
        "received_at": "2026-03-02T10:15",
        "lapor_ticket": "",
        "kind": "complaint",
        "subject": "Data tidak tersedia",
        "text": "Tabel IPM kecamatan tidak ada.",
    }
    refused = staff.post("/layanan/staf/pengaduan/baru/", form)
    assert refused.status_code == 400
    assert "Nomor tiket LAPOR!" in refused.content.decode()
    created = staff.post("/layanan/staf/pengaduan/baru/", {**form, "lapor_ticket": "5512345"})
    complaint = Complaint.objects.get()
    assert created["Location"] == f"/layanan/staf/pengaduan/{complaint.pk}/"
    base = f"/layanan/staf/pengaduan/{complaint.pk}"
    staff.post(f"{base}/proses/")
    empty = staff.post(f"{base}/jawab/", {"response": " "})
    assert empty.status_code == 400
    assert "Jawaban" in empty.content.decode()
    staff.post(f"{base}/jawab/", {"response": "Tabel sudah kami kirim lewat surel."})
    staff.post(f"{base}/tutup/")
    complaint.refresh_from_db()
    assert complaint.state == "closed"
    assert complaint.response.startswith("Tabel sudah")
    page = staff.get(f"{base}/")
    assert page.content.decode().count('data-action="') >= 4
    wrong = staff.post(f"{base}/proses/", follow=True)
    assert "tidak dapat dilakukan" in wrong.content.decode()


def test_register_filters_by_state_and_channel(client: Client, groups: dict[str, Group]) -> None:
    _complaint(subject="Satu")
    _complaint(channel="box", subject="Dua")
    staff = _signed_in(client, groups, "Petugas Layanan")
    page = staff.get("/layanan/staf/pengaduan/?saluran=box").content.decode()
    assert "Dua" in page
    assert "Satu" not in page


def test_viewing_only_staff_cannot_change(client: Client, groups: dict[str, Group]) -> None:
    viewer = Group.objects.create(name="Hanya lihat")
    viewer.permissions.add(*groups["Petugas Layanan"].permissions.filter(codename="view_complaint"))
    complaint = _complaint()
    staff = _signed_in(client, {"Hanya lihat": viewer}, "Hanya lihat")
    assert staff.get(f"/layanan/staf/pengaduan/{complaint.pk}/").status_code == 200
    assert staff.post(f"/layanan/staf/pengaduan/{complaint.pk}/proses/").status_code == 403


def test_survey_report_page_and_csv(client: Client, groups: dict[str, Group]) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    march = datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Asia/Jakarta"))
    survey_submit(ratings={f"u{n}": 3 for n in range(1, 10)}, now=march)
    survey_submit(ratings={f"u{n}": 4 for n in range(1, 10)}, now=march)
    staff = _signed_in(client, groups, "Pustakawan")
    page = staff.get("/layanan/staf/survei/?periode=2026-Q1").content.decode()
    # (3 + 4) / 2 = 3.50 for every element; 3.50 × 25 = 87.50 → B, in the page's locale.
    assert 'id="ikm-value">87,50<' in page
    assert 'id="ikm-category">B (Baik)<' in page
    english = staff.get("/en/layanan/staf/survei/?periode=2026-Q1").content.decode()
    assert 'id="ikm-value">87.50<' in english
    assert "B (Good)" in english
    bad = staff.get("/layanan/staf/survei/?periode=Maret")
    assert bad.status_code == 400
    assert "Periode tidak valid" in bad.content.decode()
    response = staff.get("/layanan/staf/survei/csv/?periode=2026-03")
    assert response["Content-Disposition"] == 'attachment; filename="ikm-2026-03.csv"'
    rows = {(r[0], r[1]): r[3] for r in csv.reader(io.StringIO(response.content.decode()))}
    assert (rows[("ringkasan", "ikm")], rows[("nrr", "U4")]) == ("87.50", "3.50")


def test_the_nav_link(client: Client, groups: dict[str, Group]) -> None:
    assert b'href="/layanan/pengaduan/">Pengaduan & Survei' in client.get("/").content
    staff = _signed_in(client, groups, "Petugas Layanan")
    assert b'id="nav-group-pengaduan" href="/layanan/staf/pengaduan/">Pengaduan &amp; Survei' in (
        staff.get("/").content
    )


def test_the_admin_lists_complaints_and_answers(client: Client, groups: dict[str, Group]) -> None:
    _complaint(subject="Lewat admin")
    survey_submit(ratings={f"u{n}": 2 for n in range(1, 10)})
    admin_user = _signed_in(client, groups, "Admin")
    assert "Lewat admin" in admin_user.get("/admin/feedback/complaint/").content.decode()
    assert admin_user.get("/admin/feedback/surveyresponse/").status_code == 200


def _qr_payload(svg: str) -> str:
    """Decode the page's QR code: draw segno's SVG path (one 1-module-high line per run)
    onto an image and read it back with zxing-cpp, as a phone would."""
    size = int(re.search(r'<svg width="(\d+)"', svg).group(1)) // 6  # type: ignore[union-attr]
    path = re.search(r' d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            row = int(y - 0.5) * scale
            draw.rectangle([x * scale, row, (x + values[0]) * scale - 1, row + scale - 1], 0)
            x += values[0]
    return "".join(found.text for found in zxingcpp.read_barcodes(image))


def _invitation_qr(desk: Client, visit: Visit, **extra: str) -> tuple[str, str]:
    desk.post(reverse("feedback-survey-invite", args=[visit.pk]), **extra)
    page = desk.get(reverse("feedback-survey-invitation", args=[visit.pk]), **extra)
    assert page.status_code == 200
    html = page.content.decode()
    svg = re.search(r'<div class="qr" id="invitation-qr">(.*?)</div>', html, re.S)
    assert svg
    token = SurveyInvitation.objects.get(visit=visit).token
    return _qr_payload(svg.group(1)), token


def test_survey_qr_uses_the_configured_public_address(
    client: Client, groups: dict[str, Group], settings
) -> None:
    settings.PUBLIC_URL = "https://pst.example/"
    desk = _signed_in(client, groups, "Petugas Layanan")
    payload, token = _invitation_qr(desk, guestbook_submit(**entry()))
    assert payload == f"https://pst.example/layanan/survei/k/{token}/"


def test_survey_qr_unset_uses_the_address_the_desk_came_by(
    client: Client, groups: dict[str, Group], settings
) -> None:
    settings.PUBLIC_URL = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "192.168.1.20"]
    desk = _signed_in(client, groups, "Petugas Layanan")
    visit = guestbook_submit(**entry())
    payload, token = _invitation_qr(desk, visit, HTTP_HOST="192.168.1.20:8000")
    assert payload == f"http://192.168.1.20:8000/layanan/survei/k/{token}/"
