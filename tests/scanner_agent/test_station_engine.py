"""The station's engine with a fake scanner behind the adapter boundary (fast, no
browser, no server): manual duplex as a guided two-step, blank pages flagged, cover
sheets splitting the batch, rotation as a new capture, a device that is not there."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from scanner_agent.errors import ScannerAgentError
from scanner_agent.spool import Spool
from scanner_agent.station.config import StationConfig, save
from scanner_agent.station.engine import Station
from scanner_agent.station.state import station_state
from tests.scanner_agent.conftest import FakeScanner, blank_page, text_page
from tests.scanner_agent.test_agent_scan import cover_sheet


@pytest.fixture
def station(tmp_path: Path, fake_scanner: list[FakeScanner]) -> Iterator[Station]:
    """A station set up (server address saved, never contacted: its syncer is not run)."""
    config = tmp_path / "station.json"
    save(config, StationConfig(server="http://127.0.0.1:9", token="t", device="fake:0"))
    running = Station(config, Spool(tmp_path / "spool"))
    running.set_options(profile="text-gray-200", source="adf")
    yield running
    running.stop()


def settle(station: Station, *, prompt: bool = False, timeout: float = 10) -> None:
    """Wait until the device thread is idle (or, with ``prompt``, asks for a step)."""
    deadline = time.monotonic() + timeout
    while station.activity.doing and not (prompt and station.activity.prompt):
        assert time.monotonic() < deadline, "station still busy"
        time.sleep(0.02)


def test_manual_duplex_is_a_guided_two_step_and_pages_come_out_in_order(
    station: Station, fake_scanner: list[FakeScanner]
) -> None:
    odd = [text_page(f"p{n}") for n in (1, 3, 5)]
    even = [text_page(f"p{n}") for n in (6, 4, 2)]  # the stack turned over
    fake_scanner.append(FakeScanner([odd, even]))
    station.set_options(manual_duplex=True)
    station.new_batch("Dupleks")
    station.scan()
    settle(station, prompt=True)
    assert "Balik seluruh tumpukan" in station_state(station)["prompt"]  # step two, in words
    station.continue_prompt()
    settle(station)
    batch = station.current()
    assert batch is not None
    assert batch.arrangement() == [1, 2, 3, 4, 5, 6]
    content = [batch.read_page(batch.page(n)) for n in batch.arrangement()]
    assert all(not p.held for p in batch.manifest.pages)
    assert len(set(content)) == 6


def test_blank_pages_are_flagged_and_kept_and_rotation_is_a_new_capture(
    station: Station, fake_scanner: list[FakeScanner]
) -> None:
    fake_scanner.append(FakeScanner([[text_page("1"), blank_page(), text_page("3")]]))
    station.new_batch("Kosong")
    station.scan()
    settle(station)
    pages = station_state(station)["batch"]["pages"]
    assert [(p["number"], p["blank"]) for p in pages] == [(1, False), (2, True), (3, False)]
    station.edit("rotate", 3, 90)
    batch = station.current()
    assert batch is not None
    assert batch.arrangement() == [1, 2, 4]
    before = Image.open(io.BytesIO(batch.read_page(batch.page(3)))).size
    after = Image.open(io.BytesIO(batch.read_page(batch.page(4)))).size
    assert after == (before[1], before[0])
    station.edit("move", 4, 1)
    station.edit("delete", 2)
    assert batch.arrangement() == [4, 1]
    assert {p.number for p in batch.pending()} == {1, 4}  # deleted pages are never sent


def test_a_cover_sheet_closes_the_open_batch_and_opens_the_next(
    station: Station, fake_scanner: list[FakeScanner]
) -> None:
    sheets = [text_page("a1"), cover_sheet("PUSTAKA:T:12"), text_page("b1"), text_page("b2")]
    fake_scanner.append(FakeScanner([sheets]))
    station.new_batch("Sampul")
    first = station.current()
    station.scan()
    settle(station)
    second = station.current()
    assert first is not None
    assert second is not None
    assert second is not first
    assert (first.arrangement(), first.manifest.capture_complete) == ([1], True)
    assert second.manifest.request["scan_task_id"] == 12
    assert second.arrangement() == [1, 2]


def test_no_scanner_is_a_clear_state_with_what_to_check(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scanner_agent.station import device

    monkeypatch.setattr(device, "list_devices", list)
    station.refresh_devices()
    settle(station)
    error = station_state(station)["devices_error"]
    assert error["no_scanner"] is True
    assert "--demo" in error["en"]
    assert "Pemindai tidak ditemukan" in error["id"]


def test_an_unplugged_scanner_keeps_its_pages_and_the_batch_survives_a_restart(
    station: Station, fake_scanner: list[FakeScanner], tmp_path: Path
) -> None:
    from scanner_agent.errors import DeviceGoneError

    pages = [text_page("1"), text_page("2"), DeviceGoneError("fake:0 gone")]
    fake_scanner.append(FakeScanner([pages]))
    station.new_batch("Terputus")
    station.scan()
    settle(station)
    fault = station_state(station)["fault"]
    assert fault["code"] == "device_gone"
    assert "Sambungan ke pemindai terputus" in fault["id"]
    assert "'Continue'" in fault["en"]  # the page's button, not a command to type
    assert fault["actions"] == ["continue", "rescan_last"]
    batch = station.current()
    assert batch is not None
    assert batch.arrangement() == [1, 2]
    station.stop()  # the station PC restarts: the open batch and its pages are still there
    again = Station(tmp_path / "station.json", Spool(tmp_path / "spool"))
    try:
        resumed = again.current()
        assert resumed is not None
        assert (resumed.id, resumed.arrangement()) == (batch.id, [1, 2])
        fake_scanner.append(FakeScanner([[text_page("3")]]))
        again.scan()
        settle(again)
        assert resumed.arrangement() == [1, 2, 3]
    finally:
        again.stop()


def test_last_settings_are_remembered(station: Station, tmp_path: Path) -> None:
    station.set_options(
        profile="photo-colour-300", source="flatbed", pages="3", crop=[5, 10, 100.26, 150]
    )
    with pytest.raises(ScannerAgentError):
        station.set_options(profile="no-such-profile")  # refused in words, nothing changed
    assert station.config.profile == "photo-colour-300"
    again = Station(tmp_path / "station.json", Spool(tmp_path / "spool"))
    try:
        config = again.config
        assert (config.profile, config.source, config.pages) == ("photo-colour-300", "flatbed", 3)
        assert config.crop == [5.0, 10.0, 100.3, 150.0]
    finally:
        again.stop()


def test_rescan_last_page_drops_the_page_fed_before_the_jam_not_the_newest_edit(
    station: Station, fake_scanner: list[FakeScanner]
) -> None:
    from scanner_agent.errors import PaperJamError

    fake_scanner.append(FakeScanner([[text_page("1"), text_page("2")]]))
    station.new_batch("Macet")
    station.scan()
    settle(station)
    station.edit("rotate", 1, 90)  # page 1 becomes capture 3
    fake_scanner.append(FakeScanner([[text_page("4"), PaperJamError("jammed")]]))
    station.scan()
    settle(station)
    batch = station.current()
    assert batch is not None
    assert batch.arrangement() == [3, 2, 4]
    assert station_state(station)["fault"]["code"] == "paper_jam"
    fake_scanner.append(FakeScanner([[text_page("4 again"), text_page("5")]]))
    station.resume(rescan_last=True)
    settle(station)
    assert batch.arrangement() == [3, 2, 5, 6]  # capture 4 (maybe torn) is gone, 3 stays
    assert station_state(station)["fault"] is None
