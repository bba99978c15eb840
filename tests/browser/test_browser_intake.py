"""In a real browser: the intake inbox, the proposal with its words highlighted on the page
images, one field corrected, confirmed, and the publication page showing its softcopy.

The softcopy is made without workers (tests/intake_support.py: the generated front pages
and Tesseract's hOCR of them); the full pipeline is covered by tests/workers/
test_intake_e2e.py. The page is served under a strict Content-Security-Policy, so the
screen's script must be a static file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client
from playwright.sync_api import expect

from catalogue.models import Publication, Softcopy
from tests.intake_support import TITLE, waiting_softcopy

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

Shot = Callable[[Any, str], Path]
WAIT = 30_000  # ms: a loaded CI machine; the screens are not under test for speed
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "img-src 'self' data: blob:"
)


def with_strict_csp(route: Any) -> None:
    """The screen as served, with a strict CSP added; the confirm POST passes untouched
    (a fetched response would follow the redirect and hide it from the page)."""
    if route.request.method != "GET":
        route.continue_()
        return
    response = route.fetch()
    route.fulfill(
        response=response, headers={**response.headers, "content-security-policy": STRICT_CSP}
    )


def sign_in(page: Any, live_server: Any, user: User) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.fixture
def cataloguer(transactional_db: None) -> User:
    user = User.objects.create_user("pustakawan", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="catalogue",
            codename__in=[
                "change_publication",
                "add_publication",
                "view_publication",
                "view_softcopy",
            ],
        )
    )
    return user


def test_inbox_to_proposal_to_corrected_record_with_its_softcopy(
    live_server: Any, page: Any, screenshot: Shot, cataloguer: User
) -> None:
    softcopy = waiting_softcopy(images=True)
    sign_in(page, live_server, cataloguer)
    page.route(re.compile(r".*/staf/kotak-masuk/\d+/$"), with_strict_csp)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.set_default_timeout(
        30_000
    )  # a loaded CI machine: the screens are not under test for speed
    page.goto(f"{live_server.url}/staf/kotak-masuk/", wait_until="domcontentloaded")
    row = page.locator(f'tr[data-softcopy-id="{softcopy.pk}"]')
    expect(row).to_contain_text("Baris perintah", timeout=WAIT)
    screenshot(page, "intake-inbox.png")
    row.get_by_role("link", name="Periksa usulan").click()

    expect(page).to_have_url(re.compile(rf"/staf/kotak-masuk/{softcopy.pk}/$"), timeout=WAIT)
    expect(page.locator("#id_title")).to_have_value(TITLE, timeout=WAIT)
    expect(page.locator("#id_catalogue_number")).to_have_value("1102001.1377", timeout=WAIT)
    number_box = page.locator("rect.hl-catalogue_number")
    expect(number_box).to_have_count(1, timeout=WAIT)
    expect(page.locator("rect.hl-title")).to_have_count(5, timeout=WAIT)
    image = page.locator('figure[data-page="3"] image')
    loaded = image.evaluate("el => el.getBBox().width")
    assert loaded > 0
    page.locator("#id_catalogue_number").focus()
    expect(number_box).to_have_class(re.compile(r"\bactive\b"), timeout=WAIT)  # script runs
    page.locator('figure[data-page="3"]').scroll_into_view_if_needed()
    screenshot(page, "intake-proposal.png")

    page.locator("#id_title").fill(f"{TITLE} (Revisi)")
    page.get_by_role("button", name="Konfirmasi").click()

    expect(page).to_have_url(re.compile(r"/publikasi/\d+/$"), timeout=WAIT)
    publication = Publication.objects.get()
    assert page.url.endswith(f"/publikasi/{publication.pk}/")
    expect(page.locator("h1")).to_contain_text(f"{TITLE} (Revisi)", timeout=WAIT)
    expect(page.locator(".softcopy")).to_contain_text("v1", timeout=WAIT)
    expect(page.locator(".softcopy")).to_contain_text("3 halaman", timeout=WAIT)
    screenshot(page, "intake-published.png")
    assert Softcopy.objects.get(pk=softcopy.pk).publication_id == publication.pk
    assert (publication.catalogue_number, publication.year) == ("1102001.1377", 2022)
    assert not [e for e in errors if "Content Security Policy" in e], errors
