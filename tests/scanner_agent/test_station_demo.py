"""Trying the agent without a scanner: ``devices`` says how instead of only "not found",
and ``--demo`` brings up SANE's `test` backend without touching /etc/sane.d."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def devices(
    tmp_path: Path, *extra: str, sane_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("SANE_CONFIG_DIR", None)
    if sane_dir is not None:
        env["SANE_CONFIG_DIR"] = str(sane_dir)
    return subprocess.run(
        [sys.executable, "-m", "scanner_agent", "devices", *extra],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_no_device_explains_how_to_try_the_test_backend(tmp_path: Path) -> None:
    empty = tmp_path / "sane"
    empty.mkdir()
    (empty / "dll.conf").write_text("# no backends\n")
    found = devices(tmp_path, sane_dir=empty)
    assert found.returncode == 3
    assert "Scanner not found" in found.stderr
    assert "scanner-agent devices --demo" in found.stderr
    assert "backend 'test'" in found.stderr  # the Indonesian line says it too


def test_demo_lists_the_test_devices_with_a_feeder(tmp_path: Path) -> None:
    found = devices(tmp_path, "--demo", "--json")
    assert found.returncode == 0, found.stderr
    listed = json.loads(found.stdout)["devices"]
    assert [d["name"] for d in listed] == ["test:0", "test:1"]
    assert "Automatic Document Feeder" in listed[0]["capabilities"]["sources"]
    assert listed[0]["capabilities"]["scan_area_mm"] == {"width": 300.0, "height": 300.0}
