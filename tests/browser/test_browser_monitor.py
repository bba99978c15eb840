"""The live digitisation monitor in Chromium, during real jobs on a real Celery worker."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from bench.corpus import make_page
from bench.corpus_files import write_png
from catalogue.models import DigitisationJob
from catalogue.services.jobs import job_add_file, job_close, job_create
from tests.browser.test_browser_search import sign_in, with_strict_csp
from tests.workers.jobwait import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def start_job(title: str, pages: list[Path], *, languages: str = "ind+eng") -> DigitisationJob:
    job = job_create(title=title, languages=languages)
    for path in pages:
        job_add_file(job=job, path=path, filename=path.name)
    return job_close(job=job)


def test_progress_moves_without_reload_and_a_failed_page_is_retried(
    celery_worker_name: str, live_server: Any, page: Any, screenshot: Any, tmp_path: Path
) -> None:
    admin = User.objects.create_superuser("kepala", password="x")
    sign_in(page, live_server, admin)
    page.route(re.compile(r"/staf/digitalisasi/monitor/$"), with_strict_csp)
    csp_errors: list[str] = []
    page.on(
        "console", lambda m: csp_errors.append(m.text) if "Content Security" in m.text else None
    )
    # A job the worker cannot finish: its OCR language is not installed.
    broken = start_job(
        "Bahasa belum terpasang",
        [write_png(make_page(70, kind="prose"), tmp_path / "rusak.png")],
        languages="ind+xyz",
    )
    pages = [write_png(make_page(71 + i, kind="prose"), tmp_path / f"{i}.png") for i in range(3)]
    running = start_job("Kota Pariaman Dalam Angka 2025", pages)

    page.goto(f"{live_server.url}/staf/digitalisasi/monitor/")
    page.evaluate("window.__sameDocument = true")
    row = page.locator(f'#monitor-jobs tr[data-job-id="{running.pk}"]')
    expect(row).to_be_visible()
    seen: list[int] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if row.count():
            seen.append(int(row.get_attribute("data-done") or 0))
        if len(set(seen)) >= 2 or DigitisationJob.objects.get(pk=running.pk).state == "done":
            break
        time.sleep(0.3)
    final = DigitisationJob.objects.get(pk=running.pk)
    assert len(set(seen)) >= 2, (seen, final.state, final.error_en, final.pages_done)  # it moved
    assert page.evaluate("window.__sameDocument") is True  # ... without a reload
    expect(page.locator("#monitor-queues tr[data-queue='ocr']")).to_be_visible()
    expect(page.locator("#monitor-workers tr[data-worker]").first).to_be_visible()
    expect(page.locator("#table-hours tbody tr")).to_have_count(24)
    # The throughput chart is drawn from its table; both count this hour's pages.
    last_hour = (
        "Chart.getChart(document.getElementById('chart-hours')).data.datasets[0].data.at(-1)"
    )
    cell = page.locator("#table-hours tbody tr").last.locator("td")
    expect(cell).not_to_have_attribute("data-value", "0")
    assert int(cell.get_attribute("data-value")) == page.evaluate(last_hour) >= 1

    problem = page.locator(f'#monitor-problems tr[data-job-id="{broken.pk}"]')
    expect(problem).to_have_attribute("data-kind", "failed", timeout=60_000)
    expect(problem.locator(".reason")).to_contain_text("bahasa OCR")
    screenshot(page, "monitor-1280.png")
    page.set_viewport_size({"width": 800, "height": 1280})  # a 10-inch tablet, upright
    screenshot(page, "monitor-tablet.png")
    page.set_viewport_size({"width": 1280, "height": 900})

    DigitisationJob.objects.filter(pk=broken.pk).update(languages="ind+eng")  # the cause fixed
    problem.get_by_role("button", name="Ulangi").click()
    expect(page.locator(".messages")).to_contain_text("diulang")
    assert wait_for(broken.pk, timeout=60).state == "done"
    expect(page.locator(f'#monitor-problems tr[data-job-id="{broken.pk}"]')).to_have_count(0)
    assert csp_errors == []
