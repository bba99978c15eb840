"""Sign-in defences: lockout on both sign-in pages (bilingual), staff only on the staff
page, argon2 hashes, staff idle timeout, password-reset mail throttle."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from patrons.models import Patron

pytestmark = pytest.mark.django_db

PASSWORD = "Padi-Sawah-2026!"
LOCKED_ID = "Terlalu banyak percobaan masuk yang gagal"
LOCKED_EN = "Too many failed sign-in attempts"


FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_hashing(request: pytest.FixtureRequest, settings) -> None:
    """Lockout is about counting, not hashing: a cheap hasher keeps 20 sign-ins quick
    (argon2 takes about a second each on a busy 2-core machine). The argon2 test keeps it."""
    if "argon2" not in request.node.name:
        settings.PASSWORD_HASHERS = FAST


@pytest.fixture
def patron() -> User:
    user = User.objects.create_user(
        "anggota@contoh.id", email="anggota@contoh.id", password=PASSWORD
    )
    Patron.objects.create(user=user, verified_at=timezone.now(), consent_at=timezone.now(),
                          consent_version="1")  # fmt: skip
    return user


@pytest.fixture
def officer() -> User:
    return User.objects.create_user("petugas", password=PASSWORD, is_staff=True)


def _fail(client: Client, url: str, username: str, times: int) -> list[int]:
    return [
        client.post(url, {"username": username, "password": "salah"}).status_code
        for _ in range(times)
    ]


def test_patron_sign_in_locks_after_five_failures_in_both_languages(
    client: Client, patron: User, settings
) -> None:
    statuses = _fail(client, "/akun/masuk/", "Anggota@Contoh.id", 6)
    assert statuses[:4] == [200] * 4
    assert statuses[-1] == 429
    locked = client.post("/akun/masuk/", {"username": "anggota@contoh.id", "password": PASSWORD})
    assert locked.status_code == 429  # the right password does not help while locked
    html = locked.content.decode()
    assert LOCKED_ID in html
    assert LOCKED_EN in html
    assert "_auth_user_id" not in client.session
    english = Client().post(
        "/en/akun/masuk/", {"username": "anggota@contoh.id", "password": PASSWORD}
    )
    assert LOCKED_ID in english.content.decode()
    assert LOCKED_EN in english.content.decode()
    assert AccessAttempt.objects.filter(username="anggota@contoh.id").exists()  # audited


def test_staff_sign_in_locks_too(client: Client, officer: User) -> None:
    statuses = _fail(client, "/admin/login/", "petugas", 6)
    assert statuses[-1] == 429
    locked = client.post("/admin/login/", {"username": "petugas", "password": PASSWORD})
    assert locked.status_code == 429
    assert LOCKED_EN in locked.content.decode()


def test_a_good_sign_in_resets_the_count(client: Client, patron: User) -> None:
    _fail(client, "/akun/masuk/", "anggota@contoh.id", 4)
    ok = client.post("/akun/masuk/", {"username": "anggota@contoh.id", "password": PASSWORD})
    assert ok.status_code == 302
    client.post("/akun/keluar/")
    assert _fail(client, "/akun/masuk/", "anggota@contoh.id", 4) == [200] * 4


def test_staff_sign_in_only_on_the_staff_page(client: Client, officer: User) -> None:
    refused = client.post("/akun/masuk/", {"username": "petugas", "password": PASSWORD})
    assert refused.status_code == 200
    assert "halaman masuk staf" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    staff = client.post("/admin/login/", {"username": "petugas", "password": PASSWORD})
    assert staff.status_code == 302
    assert "_auth_user_id" in client.session


def test_staff_pages_send_the_signed_out_to_the_staff_sign_in(client: Client) -> None:
    for url in (
        "/meja/",
        "/staf/digitalisasi/",
        "/layanan/staf/pengaduan/",
        "/akun/staf/permintaan/",
    ):
        assert client.get(url)["Location"].startswith("/admin/login/?next="), url


def test_new_passwords_are_hashed_with_argon2(patron: User) -> None:
    assert patron.password.startswith("argon2$")


def test_staff_sessions_end_when_idle(
    client: Client, officer: User, patron: User, settings
) -> None:
    client.force_login(officer)
    client.get("/meja/")
    assert client.session.get_expiry_age() == settings.STAFF_IDLE_SECONDS
    assert settings.STAFF_IDLE_SECONDS <= 60 * 60
    other = Client()
    other.force_login(patron)
    other.get("/akun/saya/")
    assert other.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_an_idle_staff_session_is_gone(client: Client, officer: User, settings) -> None:
    from django.contrib.sessions.models import Session

    client.force_login(officer)
    client.get("/meja/")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    assert client.get("/meja/")["Location"].startswith("/admin/login/")


def test_password_reset_mails_at_most_once_per_interval(client: Client, patron: User) -> None:
    for _ in range(3):
        response = client.post("/akun/sandi/lupa/", {"email": "anggota@contoh.id"})
        assert response["Location"] == "/akun/sandi/lupa/terkirim/"
    assert len(mail.outbox) == 1
