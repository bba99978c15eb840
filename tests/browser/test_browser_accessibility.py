"""axe-core on every public page and every staff page the shell links to: no serious or
critical WCAG 2.1 A/AA violation, signed out and signed in, at 1280 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from catalogue.models import DigitisationJob, Publication
from portal.shell import staff_groups_for
from tests.browser.axe import serious_violations
from tests.browser.test_browser_search import sign_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/",
    "/publikasi/",
    "/cari/",
    "/cari/?q=inflasi",
    "/akun/masuk/",
    "/akun/daftar/",
    "/akun/sandi/lupa/",
    "/akun/privasi/",
    "/buku-tamu/",
    "/layanan/pengaduan/",
    "/layanan/survei/",
    "/layar-antrean/",
    "/en/",
]
STAFF_EXTRA = ["/akun/saya/", "/meja/laporan/?mulai=2026-03-01&sampai=2026-03-31"]


def test_no_serious_accessibility_violation_on_any_page(
    live_server: Any, page: Any, screenshot: Any
) -> None:
    publication = Publication.objects.create(title="Kota Pariaman Dalam Angka 2025", year=2025)
    job = DigitisationJob.objects.create(title="Statistik Daerah", state="done")
    running = DigitisationJob.objects.create(title="IPM 2024", state="processing")  # followed live
    found: dict[str, list[str]] = {}

    def check(url: str) -> None:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None, url
        assert response.status < 400, (url, response.status)
        if violations := serious_violations(page):
            found[url] = violations

    for url in [*PUBLIC, f"/publikasi/{publication.pk}/"]:
        check(url)
    admin = User.objects.create_superuser("kepala", password="x")
    sign_in(page, live_server, admin)
    staff = [link["url"] for group in staff_groups_for(admin) for link in group["links"]]
    staff = [url for url in staff if not url.startswith("/admin/")]  # Django's own admin
    assert len(staff) >= 14
    for url in [
        *staff,
        *STAFF_EXTRA,
        f"/staf/digitalisasi/{job.pk}/",
        f"/staf/digitalisasi/{running.pk}/",
        "/staf/laporan/ikm/",
    ]:
        check(url)
    assert found == {}
    # The staff shell on the desk PC and on a 10-inch tablet (both ways): every task group
    # visible without scrolling the bar; at 1280 px the bar is one line.
    for name, width, height in [("1280", 1280, 800), ("tablet", 800, 1280)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/meja/")
        hidden = page.evaluate(
            "(n => n.scrollWidth - n.clientWidth)(document.querySelector('nav.main-nav'))"
        )
        assert hidden <= 0, (name, hidden)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, overflow)
        bar = page.evaluate("document.querySelector('header.bar').getBoundingClientRect().height")
        assert bar < (64 if width >= 1280 else 120), (name, bar)
        screenshot(page, f"shell-{name}.png")
