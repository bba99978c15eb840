"""Acceptance: ``scanner-agent`` (a real subprocess, SANE's real `test` backend through
python-sane) against the real portal (pytest-django's live server) and a real Celery
worker. Crashes are real (SIGKILL), outages are real (a port nothing listens on)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from catalogue.models import DigitisationJob, Page
from catalogue.storage import local_path
from scanning.models import ScanBatch
from scanning.services.stations import NewStation, station_add
from tests.scanner_agent.conftest import sane_config
from tests.workers.jobwait import page_count, wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PROFILES = '[profiles.grid-100]\nmode = "gray"\nresolution = 100\nformat = "png"\n'


@pytest.fixture
def station(db: None) -> NewStation:
    return station_add(name="Meja Pindai 1")


@pytest.fixture
def agent_env(tmp_path: Path) -> dict[str, Any]:
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(PROFILES)
    config = sane_config(tmp_path / "sane", **{"test-picture": '"Grid"'})
    return {"profiles": profiles, "config": config, "spool": tmp_path / "spool"}


def agent_args(
    command: str, server: str, token: str, env: dict[str, Any], *extra: str,
    device: str = "test:0", profile: str = "grid-100",
) -> list[str]:  # fmt: skip
    args = [sys.executable, "-m", "scanner_agent", command, "--server", server, "--token", token]
    if command in ("scan", "sync"):
        args += ["--spool", str(env["spool"])]
    if command == "scan":
        args += ["--device", device, "--profile", profile, "--profiles", str(env["profiles"])]
    return [*args, *extra]


def run(args: list[str], config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env={**os.environ, "SANE_CONFIG_DIR": str(config)}, cwd=ROOT,
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def finished_job(batch: ScanBatch) -> DigitisationJob:
    job = wait_for(batch.job_id, timeout=240)
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    return job


def pdf_pages(job: DigitisationJob) -> int:
    assert job.softcopy is not None
    path = local_path(job.softcopy.file.name)
    assert path is not None
    return page_count(path)


def test_flatbed_page_and_adf_batch_become_searchable_pdfs(
    live_server: Any, celery_worker_name: str, station: NewStation, agent_env: dict[str, Any]
) -> None:
    flatbed = run(agent_args("scan", live_server.url, station.token, agent_env,
                             "--title", "Flatbed"), agent_env["config"])  # fmt: skip
    assert flatbed.returncode == 0, flatbed.stderr
    adf = run(agent_args("scan", live_server.url, station.token, agent_env, "--source", "adf",
                         "--pages", "4", "--title", "ADF"), agent_env["config"])  # fmt: skip
    assert adf.returncode == 0, adf.stderr
    one, four = ScanBatch.objects.order_by("pk")
    assert (one.source, one.state, one.page_count) == ("flatbed", "closed", 1)
    assert (four.source, four.state, four.page_count) == ("adf", "closed", 4)
    for batch, pages in ((one, 1), (four, 4)):
        job = finished_job(batch)
        assert pdf_pages(job) == pages
        assert Page.objects.filter(softcopy=job.softcopy).count() == pages  # indexed page rows


def test_agent_killed_mid_batch_then_sync_loses_and_duplicates_nothing(
    live_server: Any, station: NewStation, agent_env: dict[str, Any], tmp_path: Path
) -> None:
    slow = sane_config(tmp_path / "slow-sane", **{
        "test-picture": '"Grid"', "read-delay": "true", "read-delay-duration": "20000",
        "read-limit": "true", "read-limit-size": "65536",
    })  # fmt: skip
    args = agent_args("scan", live_server.url, station.token, agent_env, "--source", "adf")
    process = subprocess.Popen(
        args, env={**os.environ, "SANE_CONFIG_DIR": str(slow)}, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("Halaman/Pages 4 "):
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    [batch] = ScanBatch.objects.all()
    assert batch.state == "open"
    status = run([sys.executable, "-m", "scanner_agent", "status", "--spool",
                  str(agent_env["spool"])], agent_env["config"])  # fmt: skip
    assert "terputus/interrupted" in status.stdout
    synced = run(agent_args("sync", live_server.url, station.token, agent_env,
                            "--close-interrupted"), agent_env["config"])  # fmt: skip
    assert synced.returncode == 0, synced.stderr
    batch.refresh_from_db()
    captured = sorted(
        p.name for p in next((agent_env["spool"] / "batches").iterdir()).glob("pages/*")
    )
    assert len(captured) >= 4
    numbers = list(batch.pages.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, len(captured) + 1))
    assert (batch.state, batch.page_count) == ("closed", len(captured))
    positions = list(batch.job.inputs.order_by("position").values_list("position", flat=True))
    assert positions == numbers  # each page once in the job: nothing duplicated


def test_server_down_during_scanning_pages_wait_and_arrive_with_sync(
    live_server: Any, station: NewStation, agent_env: dict[str, Any], unused_url: str
) -> None:
    offline = run(agent_args("scan", unused_url, station.token, agent_env, "--source", "adf",
                             "--pages", "3"), agent_env["config"])  # fmt: skip
    assert offline.returncode == 75, offline.stderr
    assert "scanner-agent sync" in offline.stderr
    assert not ScanBatch.objects.exists()
    synced = run(agent_args("sync", live_server.url, station.token, agent_env),
                 agent_env["config"])  # fmt: skip
    assert synced.returncode == 0, synced.stderr
    [batch] = ScanBatch.objects.all()
    assert (batch.state, batch.page_count) == ("closed", 3)
    again = run(agent_args("sync", live_server.url, station.token, agent_env), agent_env["config"])
    assert again.returncode == 0
    assert batch.pages.count() == 3


def test_bad_token_unknown_device_and_impossible_profile_fail_clearly(
    live_server: Any, station: NewStation, agent_env: dict[str, Any], tmp_path: Path
) -> None:
    bad = run(agent_args("scan", live_server.url, "not-a-token", agent_env), agent_env["config"])
    assert bad.returncode == 31
    assert "token" in bad.stderr.lower()
    gone = run(
        agent_args("scan", live_server.url, station.token, agent_env, device="test:9"),
        agent_env["config"],
    )
    assert gone.returncode == 3
    assert "Scanner not found" in gone.stderr
    profiles = tmp_path / "ultra.toml"
    profiles.write_text('[profiles.ultra]\nmode = "gray"\nresolution = 9600\n')
    ultra_env = {**agent_env, "profiles": profiles}
    ultra = run(
        agent_args("scan", live_server.url, station.token, ultra_env, profile="ultra"),
        agent_env["config"],
    )
    assert ultra.returncode == 20
    assert "9600 dpi" in ultra.stderr
    queue = run(agent_args("queue", live_server.url, station.token, agent_env), agent_env["config"])
    assert queue.returncode == 0, queue.stderr
    assert "No scan tasks" in queue.stdout
    assert not ScanBatch.objects.exists()


def test_a_printed_page_scanned_by_the_agent_is_found_by_its_words(
    live_server: Any,
    celery_worker_name: str,
    station: NewStation,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The test backend draws no text, so a generated statistical page (bench/corpus.py)
    goes through the agent's real capture path via a stand-in at the adapter boundary."""
    from bench.corpus import make_page
    from scanner_agent import sane_device
    from scanner_agent.client import AgentClient
    from scanner_agent.scan import ScanOptions, run_scan
    from tests.scanner_agent.conftest import FakeScanner

    printed = make_page(2026, kind="prose", dpi=200)
    monkeypatch.setattr(sane_device, "open_scanner", lambda name: FakeScanner([[printed.image]]))
    options = ScanOptions(
        server=live_server.url, token=station.token, device="fake:0", profile="text-gray-200",
        source="adf", title="Teks", spool=tmp_path / "spool",
    )  # fmt: skip
    with AgentClient(live_server.url, station.token) as client:
        outcome = run_scan(options, client=client)
    assert outcome.fault is None
    assert outcome.offline is None
    [batch] = ScanBatch.objects.all()
    job = finished_job(batch)
    [page] = Page.objects.filter(softcopy=job.softcopy)
    long_words = {w for w in printed.words if len(w) >= 8 and w.isalpha()}
    assert len(long_words) >= 10
    found = {w for w in long_words if w.lower() in page.text.lower()}
    assert len(found) >= 0.8 * len(long_words), sorted(long_words - found)


def test_a_scanned_pdf_dropped_in_the_hot_folder_becomes_a_searchable_softcopy(
    live_server: Any, celery_worker_name: str, station: NewStation, agent_env: dict[str, Any],
    tmp_path: Path,
) -> None:  # fmt: skip
    """What a network scanner does: save a 3-page image-only PDF to a share."""
    import re

    from bench.corpus import make_page
    from bench.corpus_files import images_to_scanned_pdf
    from tests.workers.jobwait import page_text

    pages = [make_page(60 + n, kind="prose", dpi=150, size="B5") for n in range(3)]
    hot = tmp_path / "hot"
    hot.mkdir()
    dropped = images_to_scanned_pdf(pages, hot / "scan_0001.pdf")
    content = dropped.read_bytes()
    watched = run(agent_args("watch", live_server.url, station.token, agent_env, str(hot),
                             "--once", "--interval", "0.2"), agent_env["config"])  # fmt: skip
    assert watched.returncode == 0, watched.stderr
    assert (hot / "done" / "scan_0001.pdf").read_bytes() == content
    assert not (hot / "failed").exists()
    [batch] = ScanBatch.objects.all()
    assert (batch.state, batch.page_count, batch.title) == ("closed", 1, "scan_0001")
    job = finished_job(batch)
    assert job.pages_total == 3
    assert job.softcopy is not None
    pdf = local_path(job.softcopy.file.name)
    assert pdf is not None
    assert page_count(pdf) == 3
    for number, page in enumerate(pages, start=1):  # each page in its place, with its words
        truth = {w.lower() for w in re.findall(r"[A-Za-z]{7,}", page.text)}
        found = {w.lower() for w in re.findall(r"[A-Za-z]{7,}", page_text(pdf, number))}
        assert len(truth & found) >= 0.6 * len(truth), f"page {number}"
    assert Page.objects.filter(softcopy=job.softcopy).count() == 3  # indexed page rows
