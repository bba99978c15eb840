"""In a real browser, tablet-sized: a visitor sends a complaint through the public form, then
answers the satisfaction survey from the one-time link the desk showed as a QR code."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from feedback.models import Complaint, SurveyReceipt, SurveyResponse
from feedback.services import survey_invitation_issue
from visitors.services import guestbook_submit

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

Shot = Callable[[Any, str], Path]


def test_public_complaint_then_the_visit_survey(
    live_server: Any, page: Any, screenshot: Shot
) -> None:
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet in portrait
    page.goto(f"{live_server.url}/layanan/pengaduan/")
    expect(page.locator("#privacy-notice")).to_contain_text("hanya dipakai untuk membalas")
    expect(page.locator("input[name=homepage]")).not_to_be_in_viewport()

    page.check("input[name=kind][value=suggestion]")
    page.fill("input[name=subject]", "Colokan listrik di ruang baca")
    page.fill("textarea[name=text]", "Mohon tambah colokan listrik.\nTerima kasih.")
    page.fill("input[name=contact_phone]", "12")  # a slip: refused, nothing lost
    page.click("#submit-complaint")
    expect(page.locator("#field-contact_phone .error")).to_contain_text("Nomor telepon tidak valid")
    expect(page.locator("input[name=subject]")).to_have_value("Colokan listrik di ruang baca")
    page.fill("input[name=contact_phone]", "0812 3456 7890")
    screenshot(page, "feedback-complaint-form.png")
    page.click("#submit-complaint")
    page.wait_for_url(re.compile(r"/layanan/pengaduan/terima-kasih/"))
    expect(page.locator("#complaint-reference")).to_have_text(re.compile(r"^PGD-\d{4}-0001$"))
    screenshot(page, "feedback-complaint-thanks.png")
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.contact_phone) == ("website", "+6281234567890")

    visit = guestbook_submit(
        name="Rina Marlina",
        phone="081299990000",
        email="",
        birth_year=1998,
        sex="female",
        education="bachelor",
        occupation="student",
        institution="",
        institution_category="education_research",
        purpose="thesis",
        service="library",
        id_type="ktp",
    )
    token = survey_invitation_issue(visit_id=visit.pk).token
    page.goto(f"{live_server.url}/layanan/survei/k/{token}/")
    for number, rating in enumerate([4, 4, 3, 4, 3, 4, 4, 3, 3], start=1):
        page.locator(f"label[for=id_u{number}_{rating - 1}]").click()
    page.fill("textarea[name=comment]", "Petugas ramah.")
    screenshot(page, "feedback-survey-form.png")
    page.click("#submit-survey")
    page.wait_for_url(re.compile(r"/layanan/survei/terima-kasih/"))
    expect(page.locator("#survey-thanks")).to_be_visible()
    answer = SurveyResponse.objects.get()
    assert [getattr(answer, f"u{n}") for n in range(1, 10)] == [4, 4, 3, 4, 3, 4, 4, 3, 3]
    assert SurveyReceipt.objects.count() == 1

    page.goto(f"{live_server.url}/layanan/survei/k/{token}/")
    expect(page.locator("#survey-closed")).to_contain_text("sudah diisi")
    screenshot(page, "feedback-survey-answered.png")
