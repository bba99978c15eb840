"""``scanner-agent devices`` against a fake SANE adapter: output, errors, exit codes."""

from __future__ import annotations

import json

import pytest

from scanner_agent import cli, sane_device
from scanner_agent.capabilities import Capabilities, DeviceInfo, ResolutionRange
from scanner_agent.errors import DeviceBusyError, DeviceNotFoundError

FLATBED = DeviceInfo("fake:flatbed", "Acme", "Flat 1", "flatbed scanner")
FEEDER = DeviceInfo("fake:adf", "Acme", "Feeder 2", "sheetfed scanner")
FLATBED_CAPS = Capabilities(
    sources=["Flatbed"],
    modes=["Lineart", "Gray", "Color"],
    resolutions=[75, 150, 300, 600],
    scan_area_mm=(215.9, 297.0),
)
FEEDER_CAPS = Capabilities(
    sources=["Flatbed", "ADF Duplex"],
    modes=["Gray", "Color"],
    resolutions=ResolutionRange(100, 1200, 50),
    scan_area_mm=(216.0, 356.0),
)


@pytest.fixture
def fake_sane(monkeypatch: pytest.MonkeyPatch) -> dict[str, Capabilities | Exception]:
    """Devices by name, each with its capabilities or the error probing it raises."""
    devices: dict[str, Capabilities | Exception] = {}
    infos = {FLATBED.name: FLATBED, FEEDER.name: FEEDER}

    def probe(name: str) -> Capabilities:
        outcome = devices[name]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(sane_device, "list_devices", lambda: [infos[n] for n in devices])
    monkeypatch.setattr(sane_device, "probe", probe)
    return devices


def test_table_lists_each_device_with_its_capabilities(
    fake_sane: dict[str, Capabilities | Exception], capsys: pytest.CaptureFixture[str]
) -> None:
    fake_sane.update({FLATBED.name: FLATBED_CAPS, FEEDER.name: FEEDER_CAPS})
    assert cli.main(["devices"]) == 0
    out = capsys.readouterr().out
    assert "fake:flatbed (Acme Flat 1, flatbed scanner)" in out
    assert "75, 150, 300, 600 dpi" in out
    assert "215.9 x 297 mm" in out
    assert "Flatbed, ADF Duplex" in out
    assert "100-1200 dpi, step 50" in out


def test_json_lists_devices_and_capabilities(
    fake_sane: dict[str, Capabilities | Exception], capsys: pytest.CaptureFixture[str]
) -> None:
    fake_sane[FEEDER.name] = FEEDER_CAPS
    assert cli.main(["devices", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["error"] is None
    [device] = body["devices"]
    assert device["name"] == "fake:adf"
    assert device["capabilities"]["resolutions"] == {"min": 100, "max": 1200, "step": 50}
    assert device["error"] is None


def test_no_device_exits_3_with_the_bilingual_message(
    fake_sane: dict[str, Capabilities | Exception], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["devices"]) == DeviceNotFoundError.exit_code == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert DeviceNotFoundError.message_id in captured.err
    assert DeviceNotFoundError.message_en in captured.err


def test_a_busy_device_is_listed_with_its_error_and_fails_the_exit_code(
    fake_sane: dict[str, Capabilities | Exception], capsys: pytest.CaptureFixture[str]
) -> None:
    fake_sane.update({FLATBED.name: DeviceBusyError("fake:flatbed: Device busy")})
    fake_sane[FEEDER.name] = FEEDER_CAPS
    assert cli.main(["devices", "--json"]) == DeviceBusyError.exit_code
    captured = capsys.readouterr()
    busy, ok = json.loads(captured.out)["devices"]
    assert busy["capabilities"] is None
    assert busy["error"]["code"] == "device_busy"
    assert ok["capabilities"] is not None
    assert DeviceBusyError.message_id in captured.err


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_scan_takes_a_visitor_request_by_its_task_id() -> None:
    """``--request`` (the issue's word for a visitor's scan request) names the scan task."""
    args = cli.build_parser().parse_args(["scan", "--device", "test:0", "--request", "7"])
    assert args.task == 7
    assert cli.build_parser().parse_args(["scan", "--device", "test:0", "--task", "8"]).task == 8
