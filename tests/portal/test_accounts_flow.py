"""End to end through the web pages and a real SMTP server (aiosmtpd): register, verify
from the email, sign in, read a patrons-level softcopy, request it, staff approve, and the
emailed link streams the PDF and logs the download."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.test import Client

from catalogue.models import AccessLog, Softcopy
from catalogue.selectors.access import softcopy_readable_by
from patrons.models import SoftcopyRequest
from tests.patrons.support import PASSWORD, Mailbox, make_librarian, make_softcopy

pytest_plugins = ["tests.patrons.fixtures"]
pytestmark = pytest.mark.django_db
EMAIL = "Budi.Santoso@Contoh.ID"
ADDRESS = EMAIL.lower()


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _register(client: Client, email: str = EMAIL, password: str = PASSWORD) -> object:
    return client.post(
        "/akun/daftar/",
        {"name": "Budi Santoso", "email": email, "institution": "SMA 1 Pariaman",
         "password1": password, "password2": password, "consent": "on"},
    )  # fmt: skip


def _verify(client: Client, mailbox: Mailbox) -> object:
    """Open the emailed link (which only asks) and press its button (which activates)."""
    link = _path(mailbox.link(ADDRESS, "/akun/verifikasi/"))
    assert 'method="post"' in client.get(link).content.decode()
    return client.post(link, follow=True)


def _sign_in(client: Client, email: str = EMAIL, password: str = PASSWORD) -> object:
    return client.post("/akun/masuk/", {"username": email, "password": password})


def test_register_verify_sign_in_request_approve_download(
    client: Client,
    mailbox: Mailbox,
    storage,
    django_capture_on_commit_callbacks,
) -> None:
    softcopy = make_softcopy(access=Softcopy.Access.PATRONS)
    response = _register(client)
    assert response.status_code == 302
    assert response["Location"] == "/akun/daftar/terkirim/"
    assert len(mailbox.to(ADDRESS)) == 1

    # Unverified: the password is right, and the message says what to do.
    refused = _sign_in(client)
    assert refused.status_code == 200
    assert "belum diverifikasi" in refused.content.decode()
    file_url = f"/publikasi/salinan/{softcopy.pk}/berkas"
    assert client.get(file_url).status_code != 200
    assert not softcopy_readable_by(softcopy, refused.wsgi_request.user)  # type: ignore[attr-defined]

    link = _path(mailbox.link(ADDRESS, "/akun/verifikasi/"))
    for _ in range(2):  # a mail scanner may open the link any number of times
        asked = client.get(link)
        assert asked.status_code == 200
        assert "Verifikasi surel saya" in asked.content.decode()
    assert not User.objects.get(username=ADDRESS).is_active
    assert _sign_in(client).status_code == 200  # still refused
    verified = client.post(link)
    assert verified.status_code == 302
    assert verified["Location"] == link
    shown = client.get(link).content.decode()
    assert "terverifikasi" in shown
    assert "Verifikasi surel saya" not in shown

    signed_in = _sign_in(client, email=EMAIL.upper())  # any case signs in
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/akun/saya/"
    user = User.objects.get(username=ADDRESS)
    assert softcopy_readable_by(softcopy, signed_in.wsgi_request.user)  # type: ignore[attr-defined]
    assert client.get(file_url).status_code == 200
    AccessLog.objects.all().delete()  # that read is the publication page's business
    assert user.patron.last_activity is not None

    form = client.get(f"/akun/permintaan/baru/?publikasi={softcopy.publication_id}")
    assert form.status_code == 200
    assert softcopy.publication.title in form.content.decode()
    sent = client.post(
        f"/akun/permintaan/baru/?publikasi={softcopy.publication_id}",
        {"purpose": "research", "purpose_detail": "Skripsi", "pages": "1"},
    )
    assert sent.status_code == 302
    assert sent["Location"] == "/akun/saya/"
    made = SoftcopyRequest.objects.get()
    assert (made.patron, made.status, made.pages) == (user, "pending", "1")
    assert "Menunggu" in client.get("/akun/saya/").content.decode()

    # A patron cannot reach the staff queue.
    assert client.get("/akun/staf/permintaan/").status_code == 403
    assert client.post(f"/akun/staf/permintaan/{made.pk}/setujui/").status_code == 403

    staff = Client()
    librarian = make_librarian()
    staff.force_login(librarian)
    queue = staff.get("/akun/staf/permintaan/")
    assert queue.status_code == 200
    assert "Budi Santoso" in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # mail goes out after commit
        decided = staff.post(f"/akun/staf/permintaan/{made.pk}/setujui/")
    assert decided.status_code == 302
    made.refresh_from_db()
    assert made.status == "approved"
    assert made.decided_by == librarian

    link = mailbox.link(ADDRESS, "/akun/unduh/")
    forwarded = Client()  # the link alone is no key: the patron signs in first
    assert forwarded.get(_path(link))["Location"].startswith("/akun/masuk/?next=/akun/unduh/")
    anonymous = client  # the patron it was sent to, signed in
    download = anonymous.get(_path(link))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    with default_storage.open(softcopy.file.name, "rb") as stored:
        assert b"".join(download.streaming_content) == stored.read()  # type: ignore[attr-defined]
    log = AccessLog.objects.get()
    assert (log.softcopy, log.user, log.action) == (softcopy, user, "download")
    made.refresh_from_db()
    assert made.downloaded_at is not None

    # Tampered: refused, nothing logged.
    token = _path(link).rstrip("/").rsplit("/", 1)[1]
    tampered = anonymous.get(f"/akun/unduh/{token[:-3]}xyz/")
    assert tampered.status_code == 404
    assert "tidak sah" in tampered.content.decode()
    # Expired (the request's deadline has passed): refused with its own message.
    SoftcopyRequest.objects.update(link_expires_at=made.decided_at)
    expired = anonymous.get(_path(link))
    assert expired.status_code == 410
    assert "kedaluwarsa" in expired.content.decode()
    assert AccessLog.objects.count() == 1


def test_rejection_is_mailed_with_its_reason(
    client: Client,
    mailbox: Mailbox,
    storage,
    django_capture_on_commit_callbacks,
) -> None:
    softcopy = make_softcopy()
    _register(client)
    _verify(client, mailbox)
    _sign_in(client)
    client.post(f"/akun/permintaan/baru/?publikasi={softcopy.publication_id}", {"purpose": "work"})
    made = SoftcopyRequest.objects.get()
    staff = Client()
    staff.force_login(make_librarian())
    staff.post(f"/akun/staf/permintaan/{made.pk}/tolak/", {"reason": ""})
    made.refresh_from_db()
    assert made.status == "pending"  # no reason, no rejection
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/akun/staf/permintaan/{made.pk}/tolak/", {"reason": "Hanya tersedia cetak."})
    made.refresh_from_db()
    assert made.status == "rejected"
    assert "Hanya tersedia cetak." in Mailbox.body(mailbox.to(ADDRESS)[-1])


def test_registration_and_reset_answer_the_same_for_known_and_unknown(
    client: Client, mailbox: Mailbox
) -> None:
    _register(client)
    _verify(client, mailbox)
    again = _register(Client())
    fresh = _register(Client(), email="orang.baru@contoh.id")
    assert again.status_code == fresh.status_code == 302
    assert again["Location"] == fresh["Location"] == "/akun/daftar/terkirim/"
    assert User.objects.filter(username=ADDRESS).count() == 1

    known = Client().post("/akun/sandi/lupa/", {"email": ADDRESS})
    unknown = Client().post("/akun/sandi/lupa/", {"email": "tidak.ada@contoh.id"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/akun/sandi/lupa/terkirim/"
    assert mailbox.to("tidak.ada@contoh.id") == []

    reset = mailbox.link(ADDRESS, "/akun/sandi/atur/")
    form = client.get(_path(reset), follow=True)
    assert form.status_code == 200
    new = "Sawah-Baru-2027!"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert _sign_in(Client(), password=new).status_code == 302  # type: ignore[attr-defined]


def test_wrong_password_on_unverified_account_gets_the_generic_message(
    client: Client, mailbox: Mailbox
) -> None:
    _register(client)
    wrong = _sign_in(client, password="salah-sekali-123").content.decode()
    unknown = _sign_in(client, email="siapa@contoh.id").content.decode()
    assert "belum diverifikasi" not in wrong
    assert "Surel atau kata sandi salah" in wrong
    assert "Surel atau kata sandi salah" in unknown


def test_delete_my_account(client: Client, mailbox: Mailbox) -> None:
    _register(client)
    _verify(client, mailbox)
    _sign_in(client)
    wrong = client.post("/akun/hapus/", {"password": "bukan"})
    assert wrong.status_code == 400
    assert User.objects.filter(username=ADDRESS).exists()
    gone = client.post("/akun/hapus/", {"password": PASSWORD})
    assert gone.status_code == 302
    assert gone["Location"] == "/"
    assert not User.objects.filter(username=ADDRESS).exists()
    assert client.get("/akun/saya/").status_code == 302  # signed out


def test_staff_sign_in_on_the_staff_page_and_sign_out_by_post(client: Client) -> None:
    User.objects.create_user("petugas", password=PASSWORD, is_staff=True)
    assert _sign_in(client, email="petugas").status_code == 200  # not on the patrons' page
    assert "_auth_user_id" not in client.session
    signed_in = client.post("/admin/login/", {"username": "petugas", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/akun/keluar/").status_code == 405  # sign-out is a POST
    assert client.post("/akun/keluar/")["Location"] == "/"
    assert client.get("/akun/saya/")["Location"].startswith("/akun/masuk/?next=")


def test_verification_needs_the_csrf_token_and_bad_links_get_the_clear_page(
    mailbox: Mailbox,
) -> None:
    _register(Client())
    browser = Client(enforce_csrf_checks=True)  # the mail is opened in another browser
    link = _path(mailbox.link(ADDRESS, "/akun/verifikasi/"))
    assert browser.post(link).status_code == 403  # a forged cross-site POST
    assert not User.objects.get(username=ADDRESS).is_active
    assert 'name="csrfmiddlewaretoken"' in browser.get(link).content.decode()
    token = browser.cookies["csrftoken"].value
    assert browser.post(link, {"csrfmiddlewaretoken": token}).status_code == 302
    assert User.objects.get(username=ADDRESS).is_active

    tampered = link.rstrip("/")[:-3] + "xyz/"
    for answer in (Client().get(tampered), Client().post(tampered)):
        assert answer.status_code == 404
        assert "tidak sah" in answer.content.decode()
        assert "Daftar lagi" in answer.content.decode()


def test_an_expired_verification_link_gets_the_clear_page(
    client: Client, mailbox: Mailbox, settings
) -> None:
    _register(client)
    link = _path(mailbox.link(ADDRESS, "/akun/verifikasi/"))
    settings.PATRON_VERIFY_LINK_HOURS = 0
    for answer in (client.get(link), client.post(link)):
        assert answer.status_code == 410
        assert "kedaluwarsa" in answer.content.decode()
    assert not User.objects.get(username=ADDRESS).is_active


def test_email_links_use_the_configured_public_address(
    mailbox: Mailbox, storage, settings, django_capture_on_commit_callbacks
) -> None:
    settings.PUBLIC_URL = "https://pst.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "192.168.1.20"]
    lan = Client(HTTP_HOST="192.168.1.20")  # the desk's address must not leak into mail
    _register(lan)
    assert mailbox.link(ADDRESS, "/akun/verifikasi/").startswith("https://pst.example/akun/")
    _verify(lan, mailbox)  # Django resets passwords of active accounts only
    lan.post("/akun/sandi/lupa/", {"email": ADDRESS})
    assert mailbox.link(ADDRESS, "/akun/sandi/atur/").startswith("https://pst.example/akun/")


def test_email_links_unset_use_the_request_address(
    client: Client, mailbox: Mailbox, storage, settings, django_capture_on_commit_callbacks
) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "pustaka.lan"]
    patron = Client(HTTP_HOST="pustaka.lan")
    _register(patron)
    link = mailbox.link(ADDRESS, "/akun/verifikasi/")
    assert link.startswith("http://pustaka.lan/akun/verifikasi/")
    _verify(patron, mailbox)
    _sign_in(patron)
    softcopy = make_softcopy()
    patron.post(f"/akun/permintaan/baru/?publikasi={softcopy.publication_id}", {"purpose": "work"})
    staff = Client(HTTP_HOST="pustaka.lan")
    staff.force_login(make_librarian())
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/akun/staf/permintaan/{SoftcopyRequest.objects.get().pk}/setujui/")
    assert mailbox.link(ADDRESS, "/akun/unduh/").startswith("http://pustaka.lan/akun/unduh/")
