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

    verified = client.get(_path(mailbox.link(ADDRESS, "/akun/verifikasi/")))
    assert verified.status_code == 200
    assert "terverifikasi" in verified.content.decode()

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
    anonymous = Client()  # the link is the key: no sign-in needed
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
    client.get(_path(mailbox.link(ADDRESS, "/akun/verifikasi/")))
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
    client.get(_path(mailbox.link(ADDRESS, "/akun/verifikasi/")))
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
    client.get(_path(mailbox.link(ADDRESS, "/akun/verifikasi/")))
    _sign_in(client)
    wrong = client.post("/akun/hapus/", {"password": "bukan"})
    assert wrong.status_code == 400
    assert User.objects.filter(username=ADDRESS).exists()
    gone = client.post("/akun/hapus/", {"password": PASSWORD})
    assert gone.status_code == 302
    assert gone["Location"] == "/"
    assert not User.objects.filter(username=ADDRESS).exists()
    assert client.get("/akun/saya/").status_code == 302  # signed out


def test_staff_sign_in_on_the_patron_page_and_sign_out_by_post(client: Client) -> None:
    User.objects.create_user("petugas", password=PASSWORD, is_staff=True)
    assert _sign_in(client, email="petugas").status_code == 302
    assert client.get("/akun/keluar/").status_code == 405  # sign-out is a POST
    assert client.post("/akun/keluar/")["Location"] == "/"
    assert client.get("/akun/saya/")["Location"].startswith("/akun/masuk/?next=")
