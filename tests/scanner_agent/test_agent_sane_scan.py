"""Scanning through SANE's real `test` backend (python-sane), in fresh subprocesses:
faults the backend can simulate, and ``scanner-agent scan`` end to end against the fake
portal (the acceptance against the real portal is in test_agent_live_server.py)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from scanner_agent.errors import (
    CoverOpenError,
    DeviceBusyError,
    DeviceIOError,
    FeederEmptyError,
    InvalidRequestError,
    PaperJamError,
)
from tests.scanner_agent.fake_portal import TOKEN, FakePortal

ROOT = Path(__file__).resolve().parents[2]
SANE_TEST_CONFIG = ROOT / "tests" / "sane"
pytestmark = pytest.mark.integration

# Small pages keep these tests fast: 50 dpi A4 (413 x 585 pixels).
FAST_PROFILES = '[profiles.test-50]\nmode = "gray"\nresolution = 50\nformat = "png"\n'


def run_agent(
    args: list[str], *, stdin: str = "", config: Path = SANE_TEST_CONFIG, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANE_CONFIG_DIR": str(config)}
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def profiles_file(tmp_path: Path) -> Path:
    path = tmp_path / "profiles.toml"
    path.write_text(FAST_PROFILES)
    return path


FAULT = """
import json, sys
from scanner_agent import sane_device
from scanner_agent.errors import ScannerAgentError
status = sys.argv[1]
scanner = sane_device.SaneScanner("test:0")
scanner.set_option("source", "Automatic Document Feeder")
scanner._feeder = True
scanner.scan_page()  # one good page first: a fault mid-batch
scanner.set_option("read_return_value", status)
try:
    scanner.scan_page()
    print(json.dumps(None))
except ScannerAgentError as exc:
    print(json.dumps([type(exc).__name__, exc.message_id, exc.message_en, exc.detail]))
scanner.close()
"""


@pytest.mark.parametrize(
    ("status", "error"),
    [
        ("SANE_STATUS_JAMMED", PaperJamError),
        ("SANE_STATUS_COVER_OPEN", CoverOpenError),
        ("SANE_STATUS_DEVICE_BUSY", DeviceBusyError),
        ("SANE_STATUS_IO_ERROR", DeviceIOError),  # the device is still listed: not "gone"
        ("SANE_STATUS_NO_DOCS", FeederEmptyError),
    ],
)
def test_sane_statuses_become_bilingual_faults(status: str, error: type) -> None:
    completed = run_agent(["-c", FAULT, status])
    assert completed.returncode == 0, completed.stderr
    name, message_id, message_en, detail = json.loads(completed.stdout)
    assert name == error.__name__
    assert (message_id, message_en) == (error.message_id, error.message_en)
    assert detail.startswith("test:0: ")


def test_adf_scan_uploads_every_page_until_the_feeder_is_empty(
    portal: FakePortal, profiles_file: Path, tmp_path: Path
) -> None:
    completed = run_agent(
        ["-m", "scanner_agent", "scan", "--server", portal.url, "--token", TOKEN,
         "--device", "test:0", "--profile", "test-50", "--profiles", str(profiles_file),
         "--source", "adf", "--spool", str(tmp_path / "spool"), "--title", "ADF"],
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    [batch] = portal.state.batches.values()
    assert sorted(batch.pages) == list(range(1, 11))  # the test backend feeds 10 sheets
    assert batch.closed_with == 10
    assert batch.request["mode"] == "Gray"
    assert "Halaman/Pages 10" in completed.stderr
    assert "pages/min" in completed.stderr


def test_flatbed_scan_and_pages_limit(
    portal: FakePortal, profiles_file: Path, tmp_path: Path
) -> None:
    common = ["-m", "scanner_agent", "scan", "--server", portal.url, "--token", TOKEN,
              "--device", "test:0", "--profile", "test-50", "--profiles", str(profiles_file),
              "--spool", str(tmp_path / "spool")]  # fmt: skip
    assert run_agent(common).returncode == 0
    assert run_agent([*common, "--source", "adf", "--pages", "3"]).returncode == 0
    flatbed, adf = portal.state.batches.values()
    assert (flatbed.request["source"], flatbed.closed_with) == ("flatbed", 1)
    assert (adf.request["source"], adf.closed_with) == ("adf", 3)


def test_manual_duplex_on_the_simplex_feeder(
    portal: FakePortal, profiles_file: Path, tmp_path: Path
) -> None:
    completed = run_agent(
        ["-m", "scanner_agent", "scan", "--server", portal.url, "--token", TOKEN,
         "--device", "test:0", "--profile", "test-50", "--profiles", str(profiles_file),
         "--source", "duplex", "--spool", str(tmp_path / "spool")],
        stdin="\n\n",
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert "Balik seluruh tumpukan" in completed.stderr
    [batch] = portal.state.batches.values()
    assert batch.closed_with == 20


def test_impossible_profile_and_unknown_device_fail_before_scanning(
    portal: FakePortal, tmp_path: Path
) -> None:
    profiles = tmp_path / "profiles.toml"
    profiles.write_text('[profiles.ultra]\nmode = "gray"\nresolution = 9600\n')
    spool = tmp_path / "spool"
    common = ["-m", "scanner_agent", "scan", "--server", portal.url, "--token", TOKEN,
              "--profiles", str(profiles), "--spool", str(spool)]  # fmt: skip
    too_fine = run_agent([*common, "--device", "test:0", "--profile", "ultra"])
    assert too_fine.returncode == InvalidRequestError.exit_code
    assert "9600 dpi" in too_fine.stderr
    assert "1-1200 dpi" in too_fine.stderr
    unknown = run_agent([*common, "--device", "test:7", "--profile", "text-gray-300"])
    assert unknown.returncode == 3
    assert "Pemindai tidak ditemukan" in unknown.stderr
    assert portal.state.batches == {}
    assert not (spool / "batches").exists() or not any((spool / "batches").iterdir())


class _SaneError(Exception):
    """Stands in for ``_sane.error`` (which carries only SANE's status text)."""


class _VanishingDevice:
    def start(self) -> None:
        raise _SaneError("Error during device I/O")

    def cancel(self) -> None:
        pass


@pytest.mark.parametrize("still_listed", [True, False])
def test_an_io_error_from_a_vanished_device_is_device_gone(
    monkeypatch: pytest.MonkeyPatch, still_listed: bool
) -> None:
    """A pulled cable cannot be simulated by the test backend: fake it at the boundary."""
    from scanner_agent import sane_device
    from scanner_agent.capabilities import DeviceInfo
    from scanner_agent.errors import DeviceGoneError

    scanner = object.__new__(sane_device.SaneScanner)
    scanner.name, scanner._error, scanner._device = "usb:fi-7260", _SaneError, _VanishingDevice()
    scanner._feeder = True
    listed = [DeviceInfo("usb:fi-7260", "FUJITSU", "fi-7260", "scanner")] if still_listed else []
    monkeypatch.setattr(sane_device, "list_devices", lambda: listed)
    expected = DeviceIOError if still_listed else DeviceGoneError
    with pytest.raises(expected) as error:
        scanner.scan_page()
    assert type(error.value) is expected
    assert "usb:fi-7260" in error.value.detail


def test_backend_quirks_do_not_lose_or_damage_pages(portal: FakePortal, tmp_path: Path) -> None:
    """Non-blocking reads, fuzzy parameters before start and tiny read chunks: the test
    backend's frontend-torture options, all at once. (Not ppl-loss: python-sane ignores
    pixels a backend wastes per line and returns a sheared image, 410 x 588 for 413 x 584.)"""
    from tests.scanner_agent.conftest import sane_config

    quirky = sane_config(tmp_path / "sane", **{
        "non-blocking": "true", "fuzzy-parameters": "true", "read-limit": "true",
        "read-limit-size": "997", "test-picture": '"Color pattern"',
    })  # fmt: skip
    plain = sane_config(tmp_path / "plain", **{"test-picture": '"Color pattern"'})
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(FAST_PROFILES)
    for config in (quirky, plain):
        completed = run_agent(
            ["-m", "scanner_agent", "scan", "--server", portal.url, "--token", TOKEN,
             "--device", "test:0", "--profile", "test-50", "--profiles", str(profiles),
             "--source", "adf", "--pages", "3", "--spool", str(tmp_path / "spool")],
            config=config,
        )  # fmt: skip
        assert completed.returncode == 0, completed.stderr
    tortured, clean = portal.state.batches.values()
    assert tortured.closed_with == clean.closed_with == 3
    for number in (1, 2, 3):
        image = Image.open(io.BytesIO(tortured.pages[number][1]))
        assert image.size == (413, 584)  # A4 at 50 dpi
        assert image.tobytes() == Image.open(io.BytesIO(clean.pages[number][1])).tobytes()
