"""The SANE adapter and ``scanner-agent devices`` against SANE's real `test` backend.

SANE reads ``SANE_CONFIG_DIR`` once, at ``sane_init``, so each case runs in a fresh
subprocess with its own environment. ``tests/sane`` enables only the `test` backend
(no trailing ':' so /etc/sane.d is not read) and raises its geometry_max to 300 mm.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scanner_agent import sane_device
from scanner_agent.errors import DeviceNotFoundError, SaneUnavailableError

ROOT = Path(__file__).resolve().parents[2]
SANE_TEST_CONFIG = ROOT / "tests" / "sane"


def run_python(args: list[str], config_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANE_CONFIG_DIR": str(config_dir)}
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def no_scanner_config(tmp_path: Path) -> Path:
    (tmp_path / "dll.conf").write_text("")
    return tmp_path


@pytest.mark.integration
def test_devices_json_lists_the_test_backend_with_capabilities() -> None:
    completed = run_python(["-m", "scanner_agent", "devices", "--json"], SANE_TEST_CONFIG)
    assert completed.returncode == 0, completed.stderr
    devices = {device["name"]: device for device in json.loads(completed.stdout)["devices"]}
    assert set(devices) == {"test:0", "test:1"}
    caps = devices["test:0"]["capabilities"]
    assert caps["sources"] == ["Flatbed", "Automatic Document Feeder"]
    assert {"Gray", "Color"} <= set(caps["modes"])
    assert caps["resolutions"] == {"min": 1, "max": 1200, "step": 1}
    assert caps["scan_area_mm"] == {"width": 300.0, "height": 300.0}


@pytest.mark.integration
def test_devices_table_is_readable() -> None:
    completed = run_python(["-m", "scanner_agent", "devices"], SANE_TEST_CONFIG)
    assert completed.returncode == 0, completed.stderr
    assert "test:0 (Noname frontend-tester, virtual device)" in completed.stdout
    assert "300 x 300 mm" in completed.stdout


@pytest.mark.integration
@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_no_scanner_exits_3_with_the_bilingual_message(
    no_scanner_config: Path, as_json: bool
) -> None:
    args = ["-m", "scanner_agent", "devices", *(["--json"] if as_json else [])]
    completed = run_python(args, no_scanner_config)
    assert completed.returncode == 3
    assert DeviceNotFoundError.message_id in completed.stderr
    assert DeviceNotFoundError.message_en in completed.stderr
    if as_json:
        assert json.loads(completed.stdout)["error"]["code"] == "device_not_found"


PROBE_ERRORS = """
import json, sane
from scanner_agent import sane_device
from scanner_agent.errors import ScannerAgentError

sane_device.list_devices()  # starts SANE in this process
held = sane.open("test:0")  # the test backend lets a device be opened once at a time
outcomes = {}
for name in ("test:0", "test:9", "nope:0", "test:1"):
    try:
        outcomes[name] = sane_device.probe(name).modes
    except ScannerAgentError as exc:
        outcomes[name] = type(exc).__name__
held.close()
print(json.dumps(outcomes))
"""


@pytest.mark.integration
def test_probe_translates_sane_errors() -> None:
    completed = run_python(["-c", PROBE_ERRORS], SANE_TEST_CONFIG)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == {
        "test:0": "DeviceBusyError",
        "test:9": "DeviceNotFoundError",
        "nope:0": "DeviceNotFoundError",
        "test:1": ["Gray", "Color"],
    }


def test_missing_python_sane_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sane", None)  # makes `import sane` raise ImportError
    sane_device._sane.cache_clear()
    try:
        with pytest.raises(SaneUnavailableError) as error:
            sane_device.list_devices()
    finally:
        sane_device._sane.cache_clear()
    assert error.value.exit_code == SaneUnavailableError.exit_code
    assert "python-sane" in error.value.detail


def test_only_the_adapter_imports_sane() -> None:
    imports_sane = re.compile(r"^\s*(import|from)\s+_?sane\b", re.MULTILINE)
    importers = {
        path.name
        for path in (ROOT / "scanner_agent").rglob("*.py")
        if imports_sane.search(path.read_text())
    }
    assert importers == {"sane_device.py"}
