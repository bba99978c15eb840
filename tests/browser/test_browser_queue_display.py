"""Keyboard only: a visitor takes the priority lane at the kiosk, the officer calls them first
from the desk, and the waiting room's display shows the number and calls it aloud."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.browser.test_browser_search import sign_in
from visitors.models import Visit
from visitors.services import guestbook_submit

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def tab_to(page: Any, selector: str, limit: int = 120) -> None:
    """Press Tab until ``selector`` has the focus (what a keyboard user does)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def fill_kiosk_by_keyboard(page: Any) -> None:
    tab_to(page, "input[name=name]")
    page.keyboard.type("Siti Aminah")
    tab_to(page, "input[name=birth_year]")
    page.keyboard.type("1950")
    tab_to(page, "input[name=sex]")
    page.keyboard.press("ArrowRight")  # the second choice: female
    tab_to(page, "select[name=education]")
    page.keyboard.type("D4")
    tab_to(page, "select[name=occupation]")
    page.keyboard.type("Lainnya")
    tab_to(page, "input[name=phone]")
    page.keyboard.type("0812 7777 1950")
    tab_to(page, "select[name=institution_category]")
    page.keyboard.type("Lainnya")
    tab_to(page, "input[name=purpose]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=service]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=priority]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Tidak → disabilitas → lanjut usia
    tab_to(page, "input[name=id_type]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    tab_to(page, "#submit-guestbook")
    page.keyboard.press("Enter")


def test_priority_visitor_is_called_first_and_the_display_speaks(
    live_server: Any, page: Any, screenshot: Any, officer: User
) -> None:
    waiting = guestbook_submit(
        name="Andi Wijaya",
        phone="081211112222",
        birth_year=1995,
        sex="male",
        education="bachelor",
        occupation="student",
        institution_category="other",
        purpose="assignment",
        service="library",
        id_type="ktp",
    )
    problems: dict[str, list[str]] = {}
    page.goto(f"{live_server.url}/buku-tamu/")
    fill_kiosk_by_keyboard(page)
    page.wait_for_url(re.compile(r"/buku-tamu/tiket/"))
    elderly = Visit.objects.get(visitor__name="Siti Aminah")
    assert elderly.priority == "elderly"
    problems["kiosk-ticket"] = serious_violations(page)

    display = page.context.new_page()
    display.set_viewport_size({"width": 1920, "height": 1080})
    audio: list[str] = []
    display.on(
        "response",
        lambda r: audio.append(r.url) if r.url.endswith(".wav") or ".wav?" in r.url else None,
    )
    display.goto(f"{live_server.url}/layar-antrean/")
    expect(display.locator("#display")).to_have_attribute("data-state", "live")
    expect(display.locator("#waiting-list li").first).to_have_attribute(
        "data-label", elderly.queue_label
    )
    tab_to(display, "#display-sound")
    display.keyboard.press("Enter")
    expect(display.locator("#display-sound")).to_have_attribute("aria-pressed", "true")
    problems["display"] = serious_violations(display)

    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/meja/")
    first = page.locator("#queue tbody tr").first
    expect(first).to_have_attribute("data-visit-id", str(elderly.pk))
    expect(first.locator(".priority-badge")).to_have_text("Lanjut usia")
    screenshot(page, "desk-priority-lane.png")
    problems["desk"] = serious_violations(page)
    tab_to(page, f'#queue tr[data-visit-id="{elderly.pk}"] button.start')
    page.keyboard.press("Enter")
    expect(page.locator("ul.messages")).to_contain_text(elderly.queue_label)

    expect(display.locator("#calling-number")).to_have_text(elderly.queue_label)
    expect(display.locator("#display")).to_have_attribute("data-called", elderly.queue_label)
    expect(display.locator("#calling-priority")).to_be_visible()
    spoken = f"/suara/{elderly.queue_number}.wav"
    for _ in range(100):  # the call is fetched as it is spoken: poll, at most 10 s
        if any(spoken in url for url in audio):
            break
        display.wait_for_timeout(100)
    assert any(spoken in url for url in audio), audio
    screenshot(display, "queue-display-tv.png")
    assert Visit.objects.get(pk=waiting.pk).state == "waiting"  # the earlier arrival still waits
    assert {name: found for name, found in problems.items() if found} == {}
