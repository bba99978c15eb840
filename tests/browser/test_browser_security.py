"""What people see of the security rules (issue 15), in Debian's Chromium.

- A frontline officer's publication list offers no bulk action (she may run none); a
  librarian's offers hers, but no access-level action (those are the Admin group's).
- A patron who mistyped the password too often sees the lockout page in Indonesian and
  English at once, and the right password does not get through meanwhile.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.utils import timezone

from catalogue.models import Publication
from patrons.models import Patron
from portal.roles import LIBRARIAN_GROUP, OFFICER_GROUP, staff_roles_apply

pytestmark = pytest.mark.integration
PASSWORD = "Padi-Sawah-2026!"


def _staff(name: str, group: str) -> User:
    user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def _sign_in_as_staff(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/catalogue/publication/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/catalogue/publication/")


def test_an_officer_is_offered_no_catalogue_action_she_may_not_run(
    live_server: Any, page: Any, screenshot: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # quick
    staff_roles_apply(apps)
    _staff("petugas", OFFICER_GROUP)
    _staff("pustakawan", LIBRARIAN_GROUP)
    Publication.objects.create(title="Kota Pariaman Dalam Angka 2025", year=2025)

    _sign_in_as_staff(page, live_server.url, "petugas")
    assert page.locator("text=Kota Pariaman Dalam Angka 2025").count() >= 1
    assert page.locator("select[name=action]").count() == 0
    assert page.locator("input.action-select").count() == 0  # no tick boxes either
    screenshot(page, "security-officer-publications.png")

    page.context.clear_cookies()
    _sign_in_as_staff(page, live_server.url, "pustakawan")
    options = page.locator("select[name=action] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert "make_public" in options
    assert not [value for value in options if value.startswith("set_access_")]
    assert "soft_delete" not in options
    screenshot(page, "security-librarian-publications.png")


def test_a_locked_out_patron_reads_why_in_indonesian_and_english(
    live_server: Any, page: Any, screenshot: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # quick
    user = User.objects.create_user(
        "anggota@contoh.id", email="anggota@contoh.id", password=PASSWORD
    )
    Patron.objects.create(user=user, verified_at=timezone.now(), consent_at=timezone.now(),
                          consent_version="1")  # fmt: skip
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_server.url}/akun/masuk/")
        page.fill("#id_username", "anggota@contoh.id")
        page.fill("#id_password", f"salah-{attempt}")
        page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "anggota@contoh.id")
    page.fill("#id_password", PASSWORD)  # the right one, too late
    page.click("main button[type=submit]")
    message = page.locator("#lockout-message")
    message.wait_for()
    text = message.inner_text()
    assert "Terlalu banyak percobaan masuk yang gagal" in text
    assert "Too many failed sign-in attempts" in text
    assert page.locator("[lang=en]", has_text="Too many failed").count() == 1
    screenshot(page, "security-lockout.png")
    page.goto(f"{live_server.url}/akun/saya/")
    assert "/akun/masuk/" in page.url  # not signed in
