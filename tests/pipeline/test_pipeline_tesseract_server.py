"""The long-lived Tesseract (``tools/tesseract_server.py``) against the real program.

Real Tesseract and libtesseract, no fakes: the server must read a page exactly as the
``tesseract`` program does (same text, same hOCR), survive a page it cannot read, and a
crashed server must cost one page at most.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from workers.pipeline.errors import ToolFailedError
from workers.pipeline.tools import tesseract

_PAGE_NUMBER = re.compile(r"ppageno \d+|image \"[^\"]*\"")


def _page(image: Image.Image, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "page.tif"
    image.crop((0, 0, 2480, 1400)).save(path, "TIFF", dpi=(300, 300))
    return path


def _read(page: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *, server: bool):
    monkeypatch.setenv(tesseract.PERSISTENT_ENV, "1" if server else "0")
    return tesseract.recognise(page, out, languages="ind+eng", dpi=300, timeout=120)


def test_the_server_reads_a_page_exactly_as_the_program_does(
    tmp_path: Path,
    text_page: Image.Image,
    known_words: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _page(text_page, tmp_path)
    by_program = _read(page, tmp_path / "program", monkeypatch, server=False)
    by_server = _read(page, tmp_path / "server", monkeypatch, server=True)
    assert tesseract._SERVER is not None
    assert tesseract._SERVER.alive()
    text = by_server.txt.read_text()
    assert text == by_program.txt.read_text()
    assert all(word in text for word in known_words[:4])
    # Layout included (the C API's default segmentation would make one block of it all).
    hocr = [_PAGE_NUMBER.sub("", p.hocr.read_text()) for p in (by_program, by_server)]
    assert hocr[0] == hocr[1]
    assert by_server.text_pdf.read_bytes().startswith(b"%PDF")
    # Text only: the page image is not in Tesseract's PDF (the page PDF embeds its own).
    assert b"/Subtype /Image" not in by_server.text_pdf.read_bytes()


def test_an_unreadable_image_is_a_tool_failure_and_the_server_reads_on(
    tmp_path: Path, text_page: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.tif"
    broken.write_bytes(b"II*\x00garbage")
    with pytest.raises(ToolFailedError):
        _read(broken, tmp_path / "broken", monkeypatch, server=True)
    server = tesseract._SERVER
    outputs = _read(_page(text_page, tmp_path), tmp_path / "after", monkeypatch, server=True)
    assert tesseract._SERVER is server  # the same process read the next page
    assert "Pariaman" in outputs.txt.read_text()


def test_a_server_that_died_costs_one_page_and_the_next_page_starts_a_new_one(
    tmp_path: Path, text_page: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(text_page, tmp_path)
    _read(page, tmp_path / "first", monkeypatch, server=True)
    dead = tesseract._SERVER
    assert dead is not None
    dead.process.kill()
    dead.process.wait()
    # Found dead before the page is sent: a fresh server reads it.
    outputs = _read(page, tmp_path / "second", monkeypatch, server=True)
    assert tesseract._SERVER is not dead
    assert "Pariaman" in outputs.txt.read_text()
    # Dying while a page is read is that page's ToolFailedError, not a hung worker.
    assert tesseract._SERVER is not None
    server = tesseract._SERVER
    monkeypatch.setattr(server, "alive", lambda: True)  # not noticed before sending
    server.process.kill()
    server.process.wait()
    with pytest.raises(ToolFailedError):
        _read(page, tmp_path / "third", monkeypatch, server=True)


def test_a_server_grown_too_large_is_replaced_after_its_page(
    tmp_path: Path, text_page: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(text_page, tmp_path)
    _read(page, tmp_path / "first", monkeypatch, server=True)
    server = tesseract._SERVER
    assert server is not None
    assert 20 < server.rss_mb() < tesseract.SERVER_MAX_RSS_MB  # models loaded, page done
    monkeypatch.setattr(tesseract, "SERVER_MAX_RSS_MB", 1.0)
    outputs = _read(page, tmp_path / "second", monkeypatch, server=True)
    assert "Pariaman" in outputs.txt.read_text()  # the page itself is read ...
    assert not server.alive()  # ... then its server is let go
    monkeypatch.setattr(tesseract, "SERVER_MAX_RSS_MB", 400.0)
    _read(page, tmp_path / "third", monkeypatch, server=True)
    assert tesseract._SERVER is not server


def test_a_stopped_server_has_ended_and_the_next_page_starts_one(
    tmp_path: Path, text_page: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(text_page, tmp_path)
    _read(page, tmp_path / "first", monkeypatch, server=True)
    server = tesseract._SERVER
    assert server is not None
    tesseract.stop_server()  # bench.pipeline_cpu counts its CPU time once it has ended
    assert server.process.returncode == 0  # ended on its own at the end of its input
    _read(page, tmp_path / "second", monkeypatch, server=True)
    assert tesseract._SERVER is not None
    assert tesseract._SERVER is not server
