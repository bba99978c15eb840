"""Fixtures for the PDF pipeline tests: documents built once per session."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_builders import (
    Built,
    build_born_digital,
    build_image_with_text,
    build_scanned,
    merge,
    scan_image,
)
from PIL import Image

from workers.pipeline.context import PageContext


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdfs")


@pytest.fixture(scope="session")
def born_digital(files: Path) -> Built:
    return build_born_digital(files / "born_digital.pdf")


@pytest.fixture(scope="session")
def scan_lines() -> list[str]:
    return ["Statistik Daerah Kota Pariaman", "Tabel 2.1 Jumlah Penduduk 2023", "93.284 jiwa"]


@pytest.fixture(scope="session")
def scan_png(scan_lines: list[str]) -> Image.Image:
    return scan_image(scan_lines, dpi=150)


@pytest.fixture(scope="session")
def scanned(files: Path, scan_png: Image.Image) -> Path:
    return build_scanned(files / "scanned.pdf", scan_png)


@pytest.fixture(scope="session")
def mixed(files: Path, born_digital: Built, scanned: Path) -> Path:
    """Original page 1 born-digital, page 2 scanned, page 3 born-digital."""
    pages = [(born_digital.path, 1), (scanned, 1), (born_digital.path, 2)]
    return merge(files / "mixed.pdf", pages)


@pytest.fixture(scope="session")
def ocr_page_factory(files: Path) -> Callable[[str, list[str]], Built]:
    """A single-page 'OCR output': page image plus an invisible text layer."""

    def make(name: str, lines: list[str]) -> Built:
        image = scan_image(lines, dpi=100)
        return build_image_with_text(files / f"{name}.pdf", image, lines, invisible=True)

    return make


@pytest.fixture
def ctx(tmp_path: Path) -> PageContext:
    return PageContext(workdir=tmp_path / "page", page_number=1)


@pytest.fixture(scope="session")
def garbage_bytes() -> bytes:
    return random.Random(20231).randbytes(4096)
