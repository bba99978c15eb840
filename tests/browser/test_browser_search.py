"""In a real browser, end to end: search as you type, narrow by a facet, open a hit at its
page in the pdf.js viewer and see the word highlighted there.

Real parts throughout: generated PDFs in storage, the indexing flush into a private
Meilisearch, the search API and the softcopy file view on the live server, Chromium.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from fpdf import FPDF
from playwright.sync_api import expect

from catalogue.models import Page, Publication, Softcopy
from search.sync import flush_outbox

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_indexes"),
]

Shot = Callable[[Any, str], Path]
WORD = "Tabuikrajo"  # on page 7 only
PAGES = 9
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def page_text(number: int) -> str:
    extra = f" Perayaan {WORD} di Pariaman Tengah." if number == 7 else ""
    return f"Halaman {number}. Produksi padi sawah Kota Pariaman menurut kecamatan.{extra}"


def build_pdf() -> bytes:
    """A born-digital PDF (embedded DejaVu) with one line of known text per page."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=14)
    for number in range(1, PAGES + 1):
        pdf.add_page()
        pdf.multi_cell(0, 10, page_text(number))
    return bytes(pdf.output())


def make_softcopy(title: str, year: int) -> Softcopy:
    publication = Publication.objects.create(
        title=title,
        year=year,
        kind=Publication.Kind.IN_FIGURES,
        area_code="1377",
        area_name="Kota Pariaman",
    )
    data = build_pdf()
    name = default_storage.save(f"softcopies/test-search-{publication.pk}.pdf", ContentFile(data))
    softcopy = Softcopy.objects.create(
        publication=publication,
        title=title,
        file=name,
        origin=Softcopy.Origin.BORN_DIGITAL,
        page_count=PAGES,
        size_bytes=len(data),
        sha256=f"{publication.pk:064d}",
        access_level=Softcopy.Access.PUBLIC,
    )
    for number in range(1, PAGES + 1):
        Page.objects.create(softcopy=softcopy, number=number, text=page_text(number))
    return softcopy


@pytest.fixture
def fresh_indexes(settings: Any, own_search_flushes: None) -> None:
    """This test's own Meilisearch indexes (the live server reads the same settings)."""
    settings.MEILISEARCH_INDEX_PREFIX = f"t{uuid.uuid4().hex[:10]}"


def index_now() -> None:
    """What the Celery flush task does after a commit, done here so the test need not wait."""
    flush_outbox()


def sign_in(page: Any, live_server: Any, user: User) -> None:
    """A signed-in patron (full text needs login): the session cookie of a real login."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.fixture
def patron(transactional_db: None) -> User:
    return User.objects.create_user("pembaca", password="x")


STRICT_CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "img-src 'self' data: blob:"
)


def with_strict_csp(route: Any) -> None:
    """Serve the page as it is, with a strict Content-Security-Policy header added."""
    response = route.fetch()
    route.fulfill(
        response=response, headers={**response.headers, "content-security-policy": STRICT_CSP}
    )


def test_search_as_you_type_then_narrow_by_year(
    live_server: Any, page: Any, screenshot: Shot, patron: User
) -> None:
    make_softcopy("Kota Pariaman Dalam Angka 2020", 2020)
    make_softcopy("Kota Pariaman Dalam Angka 2021", 2021)
    index_now()
    sign_in(page, live_server, patron)
    page.goto(f"{live_server.url}/cari/")
    expect(page.locator("h1")).to_have_text("Cari publikasi")
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    page.locator("#search-q").press_sequentially(WORD.lower(), delay=30)
    results = page.locator("#search-results > li")
    expect(results).to_have_count(2)
    expect(page.locator("#search-count")).to_have_text("2 publikasi ditemukan")
    expect(page.locator("#search-results mark").first).to_have_text(re.compile(WORD, re.I))
    assert page.evaluate("window.__sameDocument") is True
    assert f"q={WORD.lower()}" in page.url  # the address follows the query
    screenshot(page, "search-typed.png")

    # By keyboard: the facets are re-drawn from the answer, and focus stays on the box.
    page.locator("#search-facets input[name=year][value='2021']").focus()
    page.keyboard.press("Space")
    expect(results).to_have_count(1)
    assert page.evaluate("document.activeElement.name + '=' + document.activeElement.value") == (
        "year=2021"
    )
    expect(results.first.locator(".result-title")).to_contain_text("2021")
    expect(page.locator("#search-facets input[name=year][value='2021']")).to_be_checked()
    assert "year=2021" in page.url
    assert page.evaluate("window.__sameDocument") is True
    screenshot(page, "search-facet.png")


def test_open_at_page_shows_the_page_with_the_word_highlighted(
    live_server: Any, page: Any, screenshot: Shot, patron: User
) -> None:
    make_softcopy("Kota Pariaman Dalam Angka 2020", 2020)
    index_now()
    sign_in(page, live_server, patron)
    page.goto(f"{live_server.url}/cari/?q={WORD.lower()}")
    link = page.locator("a.open-at-page").first
    expect(link).to_have_text("Buka di halaman 7")
    # The viewer under a strict Content-Security-Policy: no inline script, no eval.
    page.route(re.compile(r"/cari/baca/"), with_strict_csp)
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security" in msg.text else None,
    )
    link.click()
    page.wait_for_url(re.compile(r"/cari/baca/\d+/\?halaman=7"))

    reader = page.locator("#reader")
    expect(reader).to_have_attribute("data-state", "ready")
    expect(page.locator("#reader-page")).to_have_value("7")
    shown = page.locator('.page[data-page-number="7"]')
    expect(shown.locator("canvas")).to_have_count(1)
    expect(shown).to_have_attribute("data-loaded", "true")
    mark = shown.locator(".textLayer .highlight").first
    expect(mark).to_be_visible()
    assert WORD.lower() in mark.inner_text().lower()
    expect(page.locator("#reader-status")).to_have_text("Kata yang dicari disorot di halaman ini.")
    screenshot(page, "viewer-page-7.png")

    # No eval, inline script or handler, foreign script: the page and viewer obey the policy.
    assert violations == []

    page.click("#reader-next")
    expect(page.locator("#reader-page")).to_have_value("8")


def test_suggestion_then_next_page_on_a_tablet(
    live_server: Any, page: Any, screenshot: Shot, patron: User
) -> None:
    for n in range(12):
        Publication.objects.create(title=f"Statistik Padi Kecamatan {n + 1}", year=2019)
    index_now()
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(f"{live_server.url}/cari/")
    page.evaluate("window.__sameDocument = true")

    page.fill("#search-q", "zzqxwv padi")
    expect(page.locator("#search-count")).to_have_text("0 publikasi ditemukan")
    suggestion = page.locator("#search-suggestions a[data-suggestion=padi]")
    expect(page.locator("#search-suggestions")).to_contain_text("Mungkin maksud Anda:")
    screenshot(page, "search-suggestion-tablet.png")
    suggestion.click()
    expect(page.locator("#search-q")).to_have_value("padi")
    expect(page.locator("#search-count")).to_have_text("12 publikasi ditemukan")
    expect(page.locator("#search-results > li")).to_have_count(10)

    page.locator("#search-pagination a[data-page='2']").first.click()
    expect(page.locator("#search-pagination [aria-current=page]")).to_have_text("2")
    expect(page.locator("#search-results > li")).to_have_count(2)
    assert "page=2" in page.url
    assert page.evaluate("window.__sameDocument") is True
    screenshot(page, "search-page-2-tablet.png")

    page.reload()  # the address kept in step reproduces the same page without JavaScript's help
    expect(page.locator("#search-results > li")).to_have_count(2)
    expect(page.locator("#search-q")).to_have_value("padi")


def test_fallback_notice_in_english_while_meilisearch_is_down(
    live_server: Any, page: Any, screenshot: Shot, settings: Any
) -> None:
    Publication.objects.create(title="Statistik Padi Kota Pariaman", year=2019)
    settings.MEILISEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    page.goto(f"{live_server.url}/en/cari/")
    page.fill("#search-q", "statistik padi")
    expect(page.locator("#search-count")).to_have_text("1 publication found")
    expect(page.locator("#search-notices .notice-fallback")).to_contain_text(
        "Full-text search is unavailable"
    )
    expect(page.locator("#search-results mark").first).to_have_text("Statistik")
    expect(page.locator("#search-results .result-meta")).to_contain_text("Other")
    assert "/en/cari/?q=statistik+padi" in page.url
    screenshot(page, "search-fallback-en.png")
