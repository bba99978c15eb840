"""Tool adapters with a recorded capture and a fake program (no real Tesseract here)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from workers.pipeline.errors import ToolFailedError
from workers.pipeline.tools import tesseract, unpaper

# Recorded from `tesseract page.png stdout --psm 0` (5.3.0) on a page turned 90° to the left.
OSD_CAPTURE = """Page number: 0
Orientation in degrees: 270
Rotate: 90
Orientation confidence: 21.61
Script: Latin
Script confidence: 5.33
"""


def fake_program(folder: Path, name: str, body: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put an executable shell script ``name`` first on PATH; it logs each call."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "$OMP_THREAD_LIMIT|$*" >> "{folder}/calls.log"\n{body}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}:{Path('/usr/bin')}:{Path('/bin')}")
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    # The fake stands in for the program; the long-lived server has its own tests.
    monkeypatch.setenv(tesseract.PERSISTENT_ENV, "0")
    return folder / "calls.log"


def test_osd_output_is_parsed() -> None:
    result = tesseract.parse_osd(OSD_CAPTURE)
    assert result == tesseract.OsdResult(
        rotate=90, orientation_confidence=21.61, script="Latin", script_confidence=5.33
    )
    assert tesseract.parse_osd("Page number: 0\n") is None


def test_osd_with_too_few_characters_is_no_answer_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (
        'echo "Too few characters. Skipping this page" >&2\n'
        'echo "Error during processing." >&2\n'
        "exit 1"
    )
    log = fake_program(tmp_path / "bin", "tesseract", body, monkeypatch)
    assert tesseract.osd(tmp_path / "page.png", dpi=150) is None
    assert log.read_text().startswith("1|")  # one thread


def test_other_osd_failures_are_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_program(tmp_path / "bin", "tesseract", 'echo "Cannot open input" >&2\nexit 1', monkeypatch)
    with pytest.raises(ToolFailedError):
        tesseract.osd(tmp_path / "page.png", dpi=150)


def test_recognise_runs_one_single_threaded_process_for_three_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = 'for ext in pdf hocr txt; do echo "$ext" > "$2.$ext"; done'
    log = fake_program(tmp_path / "bin", "tesseract", body, monkeypatch)
    outputs = tesseract.recognise(
        tmp_path / "page.png", tmp_path / "ocr", languages="ind+eng", dpi=300, timeout=10
    )
    calls = log.read_text().splitlines()
    assert len(calls) == 1
    threads, args = calls[0].split("|", 1)
    assert threads == "1"
    assert args.split()[-3:] == ["pdf", "hocr", "txt"]
    assert "textonly_pdf=1" in args
    assert "-l ind+eng" in args
    assert "--dpi 300" in args
    assert (outputs.text_pdf.name, outputs.hocr.name, outputs.txt.name) == (
        "ocr.pdf",
        "ocr.hocr",
        "ocr.txt",
    )


def test_recognise_reports_missing_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_program(tmp_path / "bin", "tesseract", 'echo pdf > "$2.pdf"', monkeypatch)
    with pytest.raises(ToolFailedError, match=r"ocr\.hocr"):
        tesseract.recognise(tmp_path / "p.png", tmp_path / "ocr", languages="ind", dpi=300)


def test_unpaper_that_writes_nothing_is_a_failure(tmp_path: Path) -> None:
    # The real unpaper exits 0 when its input does not exist; the adapter must notice.
    with pytest.raises(ToolFailedError):
        unpaper.clean(tmp_path / "missing.pgm", tmp_path / "out.pgm", dpi=300)
