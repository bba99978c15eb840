"""In a real browser: register, verify from the email a real SMTP server captured, sign in,
and request a publication's softcopy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from catalogue.models import Softcopy
from patrons.models import SoftcopyRequest
from tests.patrons.support import PASSWORD, Mailbox, make_softcopy

pytest_plugins = ["tests.patrons.fixtures"]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

Shot = Callable[[Any, str], Path]
ADDRESS = "rina.putri@contoh.id"


def test_register_verify_sign_in_and_request_a_softcopy(
    live_server: Any,
    page: Any,
    screenshot: Shot,
    mailbox: Mailbox,
    storage,
    settings,
) -> None:
    settings.PUBLIC_BASE_URL = live_server.url  # links in the emails point at this server
    softcopy = make_softcopy(access=Softcopy.Access.PATRONS)

    page.goto(f"{live_server.url}/")
    screenshot(page, "accounts-home.png")
    page.get_by_role("link", name="Daftar").first.click()
    page.fill("#id_name", "Rina Putri")
    page.fill("#id_email", "Rina.Putri@Contoh.ID")
    page.fill("#id_institution", "Universitas Negeri Padang")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_consent")
    screenshot(page, "accounts-register.png")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", name="Periksa surel Anda")).to_be_visible()

    page.goto(mailbox.link(ADDRESS, "/akun/verifikasi/"))
    expect(page.get_by_role("main")).to_contain_text(ADDRESS)
    screenshot(page, "accounts-verify-confirm.png")
    page.get_by_role("button", name="Verifikasi surel saya").click()
    expect(page.get_by_role("status")).to_contain_text("terverifikasi")
    screenshot(page, "accounts-verified.png")

    page.get_by_role("main").get_by_role("link", name="Masuk").click()
    page.fill("#id_username", ADDRESS)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Akun saya")).to_be_visible()
    expect(page.locator(".account-nav").get_by_role("link", name="Akun saya")).to_be_visible()

    page.goto(f"{live_server.url}/akun/permintaan/baru/?publikasi={softcopy.publication_id}")
    expect(page.get_by_text(softcopy.publication.title)).to_be_visible()
    page.select_option("#id_purpose", "research")
    page.fill("#id_pages", "1")
    screenshot(page, "accounts-request.png")
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.locator(".messages")).to_contain_text("Permintaan Anda terkirim")
    expect(page.locator("table.requests")).to_contain_text("Menunggu")
    screenshot(page, "accounts-my-requests.png")

    made = SoftcopyRequest.objects.get()
    assert made.patron is not None
    assert made.patron.email == ADDRESS
    assert made.pages == "1"
