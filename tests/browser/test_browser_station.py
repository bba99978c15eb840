"""Acceptance of the scanner station: Chromium drives the real ``scanner-agent station``
(SANE's `test` backend) against the real portal (live server) and a real Celery worker.

Screenshots are kept under var/test-artifacts/browser/station-*.png.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from playwright.sync_api import expect

from catalogue.models import DigitisationJob, JobInput, Page
from catalogue.services.holdings import holding_create
from catalogue.services.publications import publication_create
from catalogue.storage import local_path
from scanner_agent.station.page import SCRIPT_LABELS
from scanning.models import ScanBatch, ScanRequest
from scanning.services.requests import scan_request_create_digitise
from scanning.services.stations import NewStation, station_add
from tests.scanner_agent.station_support import Relay, RunningStation, start_station
from tests.workers.jobwait import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ID = {key: pair[0] for key, pair in SCRIPT_LABELS.items()}
SLOW = 60_000  # ms: OCR and assembly on a loaded machine


@pytest.fixture
def station_token(transactional_db: None) -> NewStation:
    return station_add(name="Meja Pindai Uji")


@pytest.fixture
def station_page(tmp_path: Path) -> Iterator[RunningStation]:
    running = start_station(tmp_path / "station")
    try:
        yield running
    finally:
        running.stop()


def connect(page: Any, running: RunningStation, server: str, token: str) -> None:
    """Set-up once: address and token, checked against the server, then the test profile."""
    page.goto(running.url)
    page.fill("#setup-server", server)
    page.fill("#setup-token", token)
    page.click("#setup-save")
    page.wait_for_selector("#setup-form", state="hidden")
    page.wait_for_selector("#opt-profile option[value='uji-50']", state="attached")
    page.select_option("#opt-profile", "uji-50")


def wait_idle(page: Any) -> None:
    page.wait_for_function(
        "() => !document.querySelector('#scan-run').disabled || "
        "!document.querySelector('#banner-fault').hidden"
    )


def set_source(page: Any, source: str, pages: int | None) -> None:
    page.select_option("#opt-source", source)
    page.fill("#opt-pages", str(pages or ""))
    page.press("#opt-pages", "Tab")


def test_claim_preview_scan_edit_close_and_the_job_is_exactly_that(
    page: Any,
    live_server: Any,
    celery_worker_name: str,
    station_token: NewStation,
    station_page: RunningStation,
    screenshot: Callable[[Any, str], Path],
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    publication = publication_create(title="Kota Pariaman Dalam Angka 2025")
    task = scan_request_create_digitise(
        holding=holding_create(publication=publication, barcode="PST-S1")
    )

    connect(page, station_page, live_server.url, station_token.token)
    assert "Meja Pindai Uji" in page.inner_text("#station-line")
    assert stat.S_IMODE(station_page.config.stat().st_mode) == 0o600
    assert station_token.token in station_page.config.read_text()

    page.click("#queue-refresh")
    page.click(f"button.claim[data-task='{task.pk}']")
    page.wait_for_selector("#batch", state="visible")
    assert page.inner_text("#batch-title") == publication.title
    page.wait_for_selector("#batch-job:not([hidden])", timeout=SLOW)  # the job on the portal

    page.click("#preview-run")
    page.wait_for_function("() => document.querySelector('#preview-img').naturalWidth > 0")
    screenshot(page, "station-1-preview.png")

    set_source(page, "adf", 6)
    page.click("#scan-run")
    expect(page.locator("#pages li")).to_have_count(6)
    wait_idle(page)
    page.wait_for_selector("#pages li[data-state='spooled']", state="detached", timeout=SLOW)
    screenshot(page, "station-2-six-pages.png")

    page.click("#pages li[data-number='2'] button[data-action='rotate']")
    page.wait_for_selector("#pages li[data-number='7'][data-position='2']")
    page.click("#pages li[data-number='4'] button[data-action='delete']")
    page.wait_for_selector("#pages li[data-number='4']", state="detached")
    page.click("#pages li[data-number='5'] button[data-action='rescan']")
    page.wait_for_selector("#pages li[data-number='8'][data-position='4']")
    wait_idle(page)
    numbers = page.eval_on_selector_all("#pages li", "items => items.map(i => i.dataset.number)")
    assert numbers == ["1", "7", "3", "8", "6"]
    screenshot(page, "station-3-edited.png")

    page.click("#batch-close")
    expect(page.locator("#batch-status")).to_have_text(ID["searchable_all"], timeout=SLOW)
    assert page.locator("#pages li[data-state='searchable']").count() == 5
    screenshot(page, "station-4-searchable.png")

    batch = ScanBatch.objects.get()
    assert (batch.state, batch.page_order, batch.scan_task_id) == (
        "closed",
        [1, 7, 3, 8, 6],
        task.pk,
    )
    job = wait_for(batch.job_id, timeout=60)
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    inputs = list(JobInput.objects.filter(job=job).order_by("position"))
    assert [i.client_key.rsplit("-", 1)[1] for i in inputs] == ["1", "7", "3", "8", "6"]
    spooled = _spool_hashes(station_page)
    assert [i.sha256 for i in inputs] == [spooled[n] for n in (1, 7, 3, 8, 6)]
    assert _orientations(job) == ["portrait", "landscape", "portrait", "portrait", "portrait"]
    assert Page.objects.filter(softcopy=job.softcopy).count() == 5  # indexed page rows
    assert ScanRequest.objects.get(pk=task.pk).state == "done"

    token = station_token.token
    assert token not in page.content()
    assert not [url for url in requested if token in url]
    assert token not in station_page.log.read_text()


def fault_shown(page: Any, words: str, actions: tuple[str, ...]) -> None:
    banner = page.locator("#banner-fault")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(words)
    for action, button in (("continue", "#fault-continue"), ("rescan_last", "#fault-rescan-last")):
        expect(page.locator(button)).to_be_visible() if action in actions else expect(
            page.locator(button)
        ).to_be_hidden()


def arm(page: Any, fault: str, after: int) -> None:
    page.select_option("#demo-fault", fault)
    page.fill("#demo-after", str(after))
    page.click("#demo-arm")
    expect(page.locator("#demo-armed")).to_contain_text(fault)


def test_faults_in_words_and_an_outage_mid_batch_lose_and_duplicate_nothing(
    page: Any,
    live_server: Any,
    station_token: NewStation,
    station_page: RunningStation,
    screenshot: Callable[[Any, str], Path],
) -> None:
    relay = Relay(int(live_server.url.rsplit(":", 1)[1]))
    relay.restore()
    connect(page, station_page, relay.url, station_token.token)
    page.fill("#new-batch-title", "Uji gangguan")
    page.click("#new-batch-form button[type=submit]")
    page.wait_for_selector("#batch", state="visible")
    pages = page.locator("#pages li")

    set_source(page, "adf", 4)  # a jam after 2 pages; the second one is scanned again
    arm(page, "paper_jam", 2)
    page.click("#scan-run")
    fault_shown(page, "Kertas macet", ("continue", "rescan_last"))
    expect(pages).to_have_count(2)
    screenshot(page, "station-5-paper-jam.png")
    page.click("#fault-rescan-last")
    expect(page.locator("#banner-fault")).to_be_hidden()
    expect(pages).to_have_count(4)
    wait_idle(page)
    assert page.eval_on_selector_all("#pages li", "l => l.map(i => i.dataset.number)") == [
        "1", "3", "4", "5"
    ]  # fmt: skip

    set_source(page, "adf", 1)
    for fault, words, actions in (
        ("cover_open", "Penutup pemindai terbuka", ("continue", "rescan_last")),
        ("device_busy", "Pemindai sedang dipakai program lain", ("continue",)),
        ("feeder_empty", "Pengumpan dokumen kosong", ("continue",)),
    ):
        arm(page, fault, 0)
        count = pages.count()
        page.click("#scan-run")
        fault_shown(page, words, actions)
        screenshot(page, f"station-6-{fault}.png")
        page.click("#fault-continue")
        expect(pages).to_have_count(count + 1)
        wait_idle(page)

    set_source(page, "flatbed", None)  # a cropped flatbed page, inserted before page 1
    for name, value in (("left", 10), ("top", 20), ("width", 100), ("height", 50)):
        page.fill(f"#crop-{name}", str(value))
        page.press(f"#crop-{name}", "Tab")
    first = pages.first.get_attribute("data-number")
    page.click(f"#pages li[data-number='{first}'] button[data-action='insert']")
    expect(pages).to_have_count(8)
    wait_idle(page)
    inserted = int(pages.first.get_attribute("data-number") or 0)
    width, height = _spooled_size(station_page, inserted)  # 100 x 50 mm at 50 dpi
    assert abs(width - 197) <= 1, width
    assert abs(height - 98) <= 1, height

    page.wait_for_selector("#pages li[data-state='spooled']", state="detached", timeout=SLOW)
    relay.cut()  # the portal stops mid-batch
    set_source(page, "adf", 2)
    page.click("#scan-run")
    expect(pages).to_have_count(10)
    offline = page.locator("#banner-offline")
    expect(offline).to_be_visible(timeout=SLOW)
    expect(offline).to_contain_text("Server tidak dapat dihubungi")
    expect(offline).to_contain_text("2 halaman menunggu")
    screenshot(page, "station-7-offline.png")
    relay.restore()
    expect(offline).to_be_hidden(timeout=SLOW)
    page.wait_for_selector("#pages li[data-state='spooled']", state="detached", timeout=SLOW)
    order = [
        int(n) for n in page.eval_on_selector_all("#pages li", "l => l.map(i => i.dataset.number)")
    ]
    page.click("#batch-close")
    expect(page.locator("#batch-status")).to_have_text(ID["closed"], timeout=SLOW)
    relay.cut()

    batch = ScanBatch.objects.get()
    assert (batch.state, batch.page_order, batch.page_count) == ("closed", order, 10)
    stored = sorted(batch.pages.values_list("number", flat=True))
    assert stored == sorted(order)  # the rescanned jam page withdrawn, nothing twice
    inputs = list(JobInput.objects.filter(job_id=batch.job_id).order_by("position"))
    assert [int(i.client_key.rsplit("-", 1)[1]) for i in inputs] == order
    spooled = _spool_hashes(station_page)
    assert [i.sha256 for i in inputs] == [spooled[n] for n in order]


def _spooled_size(running: RunningStation, number: int) -> tuple[int, int]:
    from PIL import Image

    [folder] = running.spool.glob("batches/*/pages")
    [path] = folder.glob(f"{number:04d}.*")
    with Image.open(path) as image:
        return image.size


def _spool_hashes(running: RunningStation) -> dict[int, str]:
    import json

    [manifest] = running.spool.glob("batches/*/manifest.json")
    return {p["number"]: p["sha256"] for p in json.loads(manifest.read_text())["pages"]}


def _orientations(job: DigitisationJob) -> list[str]:
    assert job.softcopy is not None
    path = local_path(job.softcopy.file.name)
    assert path is not None
    found = []
    with pikepdf.open(path) as pdf:
        for pdf_page in pdf.pages:
            box = [float(v) for v in pdf_page.mediabox]
            width, height = box[2] - box[0], box[3] - box[1]
            if int(pdf_page.obj.get("/Rotate", 0)) % 180:
                width, height = height, width
            found.append("landscape" if width > height else "portrait")
    return found


def test_a_page_from_another_origin_cannot_drive_the_station(
    page: Any, station_page: RunningStation, screenshot: Callable[[Any, str], Path]
) -> None:
    """A foreign page (here about:blank, Origin "null") posts a form and a no-cors fetch
    at the station on 127.0.0.1: both are refused, and the station's state is unchanged."""
    page.goto(station_page.url)  # the station itself works, in Indonesian and English
    expect(page.locator("h1")).to_have_text("Stasiun Pindai Pustaka")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("Pustaka Scanner Station")
    expect(page.locator("#scan-run")).to_have_text("Scan")
    screenshot(page, "station-8-english.png")
    page.goto("about:blank")
    page.set_content(
        f'<form method="post" action="{station_page.url}api/new-batch">'
        '<input name="title" value="x"><button id="go">go</button></form>'
    )
    page.evaluate(
        "url => fetch(url + 'api/new-batch', {method: 'POST', mode: 'no-cors',"
        " body: JSON.stringify({title: 'x'})}).catch(() => null)",
        station_page.url,
    )
    with page.expect_navigation():
        page.click("#go")
    assert "cross-origin request" in page.content()
    log = station_page.log.read_text()
    # The form reaches the station and is refused; the fetch is refused too, or Chromium
    # does not even send it (a null origin calling a loopback address).
    assert log.count("refused POST /api/new-batch: cross-origin request") >= 1
    assert "POST /api/new-batch 200" not in log
    assert not list(station_page.spool.glob("batches/*"))  # nothing was opened
