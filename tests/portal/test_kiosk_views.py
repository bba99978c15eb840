"""The guestbook kiosk: a public screen that shows a queue number and nothing stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from portal.visitors import labels
from portal.visitors.kiosk_views import TICKET_SALT
from visitors.models import AuditEntry, Visit, Visitor

pytestmark = pytest.mark.django_db

KIOSK = "/buku-tamu/"
KIOSK_EN = "/en/buku-tamu/"
NUMBER = re.compile(r'id="queue-number">\s*([0-9]+)\s*<')


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Rina Marlina",
        "phone": "0812 3456 7890",
        "email": "Rina.Marlina@Contoh.id",
        "birth_year": "1998",
        "sex": "female",
        "education": "bachelor",
        "occupation": "student",
        "institution": "Universitas Andalas",
        "institution_category": "education_research",
        "purpose": "thesis",
        "service": "library",
        "id_type": "ktp",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def queue_number(html: str) -> str:
    match = NUMBER.search(html)
    assert match, "the ticket shows a queue number"
    return match.group(1)


def test_form_shows_privacy_notice_in_indonesian(client: Client, settings) -> None:
    settings.VISITOR_RETENTION_DAYS = 400
    page = client.get(KIOSK)
    assert page.status_code == 200
    assert '<html lang="id">' in page.text
    assert 'id="privacy-notice"' in page.text
    assert "Pemberitahuan privasi" in page.text
    assert "statistik layanan PST" in page.text
    assert "paling lama 400 hari sejak kunjungan terakhir Anda" in page.text
    assert "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi" in page.text
    assert "Hak Anda:" in page.text
    assert "Nomor kartu identitas TIDAK dicatat." in page.text
    assert 'name="consent"' in page.text
    assert 'name="csrfmiddlewaretoken"' in page.text
    assert "no-store" in page["Cache-Control"]


def test_form_shows_privacy_notice_in_english(client: Client) -> None:
    page = client.get(KIOSK_EN)
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Privacy notice" in page.text
    assert "service statistics" in page.text
    assert "at most 365 days after your last visit" in page.text
    assert "Law No. 27 of 2022 on Personal Data Protection" in page.text
    assert "Your rights:" in page.text
    assert "The ID card number is NOT recorded." in page.text
    # The closed lists speak English too.
    assert "Thesis/dissertation" in page.text
    assert "Statistical consultation" in page.text


def test_the_empty_form_rendered_once_stays_right_per_language(client: Client, settings) -> None:
    """The empty form's fields are cached; the cache must not mix languages or periods."""
    first = client.get(KIOSK).text
    english = client.get(KIOSK_EN).text
    again = client.get(KIOSK).text
    assert "Skripsi/tesis/disertasi" in first
    assert "Skripsi/tesis/disertasi" in again
    assert "Thesis/dissertation" in english
    assert "Skripsi/tesis/disertasi" not in english
    settings.VISITOR_RETENTION_DAYS = 730
    assert "paling lama 730 hari" in client.get(KIOSK).text
    # Each page still gets its own CSRF token, outside the cached part.
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    tokens = {token.findall(page)[-1] for page in (first, again)}
    assert len(tokens) == 2


def test_every_domain_choice_has_a_kiosk_label() -> None:
    for translated, choices in labels.ALL:
        assert list(translated) == list(choices.values), choices.__name__


def test_valid_submit_shows_only_the_queue_number(client: Client) -> None:
    response = client.post(KIOSK, form_data(), follow=True)
    assert response.status_code == 200
    visit = Visit.objects.get()
    assert queue_number(response.text) == visit.queue_label == "001"
    assert "Serahkan kartu identitas kepada petugas" in response.text
    for stored in ("Rina", "Marlina", "3456", "+6281234567890", "contoh.id", "Andalas", "1998"):
        assert stored not in response.text, stored
    assert 'http-equiv="refresh" content="20;url=/buku-tamu/"' in response.text
    assert "no-store" in response["Cache-Control"]
    visitor = Visitor.objects.get()
    assert (visitor.phone, visitor.email) == ("+6281234567890", "rina.marlina@contoh.id")
    assert AuditEntry.objects.filter(action="guestbook.submit", object_id=str(visit.pk)).exists()


def test_ticket_in_english(client: Client) -> None:
    response = client.post(KIOSK_EN, form_data(), follow=True)
    assert queue_number(response.text) == "001"
    assert "Hand your ID card to the officer" in response.text
    # The next visitor starts in Indonesian again.
    assert 'content="20;url=/buku-tamu/"' in response.text


def test_second_submit_shows_the_same_ticket(client: Client) -> None:
    first = client.post(KIOSK, form_data(), follow=True)
    second = client.post(KIOSK, form_data(), follow=True)
    assert queue_number(second.text) == queue_number(first.text) == "001"
    assert "Data Anda sudah tercatat beberapa saat lalu." in second.text
    assert Visit.objects.count() == 1
    english = client.post(KIOSK_EN, form_data(), follow=True)
    assert queue_number(english.text) == "001"
    assert "Your entry was recorded a moment ago." in english.text


def test_returning_visitor_is_recognised_silently(client: Client, settings) -> None:
    settings.GUESTBOOK_DUPLICATE_SECONDS = 0
    client.post(KIOSK, form_data())
    again = client.post(KIOSK, form_data(name="Rina M.", email=""), follow=True)
    assert queue_number(again.text) == "002"
    assert "Rina" not in again.text
    assert Visitor.objects.count() == 1
    assert Visit.objects.count() == 2


BAD_INPUTS: list[tuple[dict[str, Any], str, str, str]] = [
    (
        {"name": ""},
        "name",
        "Kolom “Nama” wajib diisi.",
        "The field “Name” is required.",
    ),
    (
        {"phone": "12345"},
        "phone",
        "Nomor HP tidak valid.",
        "The phone number is not valid.",
    ),
    (
        {"email": "rina@"},
        "email",
        "Alamat surel tidak valid",
        "The email address is not valid",
    ),
    (
        {"phone": "", "email": ""},
        "phone",
        "Isi nomor HP atau alamat surel (salah satu atau keduanya).",
        "Enter a phone number or an email address (either or both).",
    ),
    (
        {"consent": None},
        "consent",
        "Centang persetujuan pemrosesan data pribadi untuk melanjutkan.",
        "Tick the consent to the processing of your personal data to continue.",
    ),
    (
        {"birth_year": "1850"},
        "birth_year",
        "Tahun lahir di luar rentang yang wajar.",
        "The birth year is outside a plausible range.",
    ),
    (
        {"purpose": ""},
        "purpose",
        "Kolom “Tujuan kunjungan” wajib diisi.",
        "The field “Purpose of visit” is required.",
    ),
    (  # a tampered form: a value the kiosk never offers
        {"sex": "alien"},
        "sex",
        "Isian kolom “Jenis kelamin” tidak valid.",
        "The value of the field “Sex” is not valid.",
    ),
    (
        {"name": "R1na <script>"},
        "name",
        "Isian kolom “Nama” tidak valid.",
        "The value of the field “Name” is not valid.",
    ),
    (
        {"birth_year": "19x8"},
        "birth_year",
        "Isian kolom “Tahun lahir” tidak valid.",
        "The value of the field “Birth year” is not valid.",
    ),
    (
        {"is_group": "on", "male_count": "1", "female_count": "0"},
        "male_count",
        "Jumlah anggota rombongan tidak valid",
        "The group size is not valid",
    ),
]


def _field_block(html: str, field: str) -> str:
    start = html.index(f'id="field-{field}"')
    return html[start : start + 4000]


@pytest.mark.parametrize(("changes", "field", "message_id", "message_en"), BAD_INPUTS)
def test_bad_input_shows_the_form_again_with_the_message(
    client: Client, changes: dict[str, Any], field: str, message_id: str, message_en: str
) -> None:
    indonesian = client.post(KIOSK, form_data(**changes))
    assert indonesian.status_code == 400
    assert 'id="form-errors"' in indonesian.text
    assert message_id in _field_block(indonesian.text, field)
    english = client.post(KIOSK_EN, form_data(**changes))
    assert english.status_code == 400
    assert message_en in _field_block(english.text, field)
    assert message_id not in english.text
    assert Visit.objects.count() == 0
    assert Visitor.objects.count() == 0


def test_form_keeps_what_was_typed_after_an_error(client: Client) -> None:
    page = client.post(KIOSK, form_data(phone="12345"))
    assert 'value="Rina Marlina"' in page.text
    assert '<input type="radio" name="sex" value="female" id="id_sex_1" checked>' in page.text


def test_every_problem_is_marked_at_once(client: Client) -> None:
    page = client.post(KIOSK, form_data(name="", phone="", email="", sex="", consent=None))
    text = page.text
    assert "Kolom “Nama” wajib diisi." in text
    assert "Isi nomor HP atau alamat surel" in text
    assert "Kolom “Jenis kelamin” wajib diisi." in text
    assert "Centang persetujuan" in text


def test_csrf_is_enforced() -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(KIOSK, form_data()).status_code == 403
    page = strict.get(KIOSK)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    accepted = strict.post(KIOSK, {**form_data(), "csrfmiddlewaretoken": token.group(1)})
    assert accepted.status_code == 302
    assert Visit.objects.count() == 1


def test_a_forged_or_stale_ticket_goes_back_to_the_form(client: Client) -> None:
    forged = client.get(f"{KIOSK}tiket/not-a-token/")
    assert forged.status_code == 302
    assert forged["Location"] == KIOSK
    signed = signing.dumps({"q": "007", "d": False}, salt=TICKET_SALT)
    assert queue_number(client.get(f"{KIOSK}tiket/{signed}/").text) == "007"
    other_salt = signing.dumps({"q": "007", "d": False}, salt="something-else")
    assert client.get(f"{KIOSK}tiket/{other_salt}/").status_code == 302
