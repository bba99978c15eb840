"""The pages around accounts: home, navigation, language menu without inline script,
the request link a publication page includes, forms' errors, and English."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from catalogue.models import Publication
from patrons.models import Patron
from tests.patrons.support import PASSWORD, make_softcopy

pytest_plugins = ["tests.patrons.fixtures"]
pytestmark = pytest.mark.django_db


def _patron(client: Client) -> User:
    user = User.objects.create_user("ani@contoh.id", email="ani@contoh.id", password=PASSWORD)
    Patron.objects.create(user=user, consent_at=timezone.now(), consent_version="t",
                          verified_at=timezone.now())  # fmt: skip
    client.force_login(user)
    return user


def test_home_extends_the_layout_and_links_the_services(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'class="bar"' in html  # the shared layout
    for href in ['href="/cari/"', 'href="/publikasi/"', 'href="/buku-tamu/"',
                 'href="/akun/masuk/', 'href="/akun/daftar/"']:  # fmt: skip
        assert href in html, href
    for promise in ["Tanpa biaya", "Layanan 5 menit", "Salinan cetak dan digital"]:
        assert promise in html


def test_navigation_offers_sign_in_then_account_and_post_sign_out(client: Client) -> None:
    html = client.get("/publikasi/").content.decode()
    assert "Masuk" in html
    assert "Akun saya" not in html
    _patron(client)
    html = client.get("/publikasi/").content.decode()
    assert 'href="/akun/saya/"' in html
    assert 'action="/akun/keluar/" method="post"' in html


def test_language_menu_needs_no_inline_script(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "onchange=" not in html
    assert "data-autosubmit" in html
    assert "portal/language.js" in html
    assert "<noscript><button" in html  # still works without JavaScript
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert switched["Location"] == "/en/"


def test_english_pages(client: Client) -> None:
    html = client.get("/en/akun/masuk/").content.decode()
    assert "Sign in" in html
    assert "Forgot your password?" in html
    assert "Free of charge" in client.get("/en/").content.decode()


def test_request_link_include_for_publication_pages(client: Client, storage) -> None:
    softcopy = make_softcopy()
    request = RequestFactory().get("/")
    html = render_to_string(
        "portal/accounts/request_link.html",
        {"publication": softcopy.publication, "user": User()},
        request=request,
    )
    assert f'href="/akun/permintaan/baru/?publikasi={softcopy.publication_id}"' in html
    bare = Publication.objects.create(title="Hanya cetak")
    assert "permintaan" not in render_to_string(
        "portal/accounts/request_link.html", {"publication": bare}, request=request
    )


def test_request_form_requires_sign_in_and_a_requestable_publication(
    client: Client,
    storage,
) -> None:
    softcopy = make_softcopy()
    url = f"/akun/permintaan/baru/?publikasi={softcopy.publication_id}"
    assert (
        client.get(url)["Location"]
        == f"/akun/masuk/?next={url.replace('?', '%3F').replace('=', '%3D')}"
    )
    _patron(client)
    bare = Publication.objects.create(title="Hanya cetak")
    missing = client.get(f"/akun/permintaan/baru/?publikasi={bare.pk}")
    assert missing.status_code == 404
    assert "tidak memiliki salinan digital" in missing.content.decode()
    bad = client.post(url, {"purpose": "study", "pages": "9-2"})
    assert bad.status_code == 400
    assert "Rentang halaman tidak valid" in bad.content.decode()
    no_purpose = client.post(url, {"purpose": "", "pages": ""})
    assert no_purpose.status_code == 400


def test_registration_form_errors_keep_the_input(client: Client) -> None:
    response = client.post(
        "/akun/daftar/",
        {"name": "Ani", "email": "ani@contoh", "institution": "BPS", "password1": "12345678",
         "password2": "12345678"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "Alamat surel tidak valid" in html
    assert "Pendaftaran memerlukan persetujuan Anda." in html
    assert 'value="BPS"' in html
    assert not User.objects.exists()


def test_privacy_notice_states_purpose_data_and_retention(client: Client) -> None:
    html = client.get("/akun/daftar/").content.decode()
    for part in [
        "UU No. 27 Tahun 2022",
        "Tujuan:",
        "Yang disimpan:",
        "Masa simpan:",
        "7 hari",
        "3 tahun",
    ]:
        assert part in html, part
