"""Fixtures of the scanner agent's tests: a fake portal (real HTTP) and a fake scanner
behind the adapter boundary (``sane_device.open_scanner``)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from scanner_agent import sane_device
from scanner_agent.capabilities import Capabilities, ResolutionRange
from scanner_agent.client import AgentClient, RetryPolicy
from scanner_agent.errors import FeederEmptyError, ScannerAgentError
from scanner_agent.scan_request import ScanSettings
from tests.scanner_agent.fake_portal import TOKEN, FakePortal

ROOT = Path(__file__).resolve().parents[2]


def sane_config(folder: Path, **changes: str) -> Path:
    """tests/sane with some test-backend defaults changed (e.g. the test picture)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dll.conf").write_text((ROOT / "tests/sane/dll.conf").read_text())
    lines = []
    for line in (ROOT / "tests/sane/test.conf").read_text().splitlines():
        key = line.split(" ")[0]
        lines.append(
            f"{key} {changes[key]}" if key in changes and not line.startswith("#") else line
        )
    (folder / "test.conf").write_text("\n".join(lines) + "\n")
    return folder


FAKE_CAPS = Capabilities(
    sources=["Flatbed", "ADF Front"],
    modes=["Lineart", "Gray", "Color"],
    resolutions=ResolutionRange(75, 600, 1),
    scan_area_mm=(216.0, 356.0),
)


def text_page(label: str, size: tuple[int, int] = (170, 240)) -> Image.Image:
    """A small gray page with some 'ink' on it (not blank)."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for row in range(20, size[1] - 20, 12):
        draw.rectangle((15, row, size[0] - 15, row + 4), fill=0)
    draw.text((20, 5), label, fill=0)
    return image


def blank_page(size: tuple[int, int] = (170, 240)) -> Image.Image:
    return Image.new("L", size, 250)


class FakeScanner:
    """Hands out prepared pages; an Exception in the list is raised at that point.

    Each ``configure`` starts a new feeder run from ``runs`` (manual duplex uses two).
    """

    def __init__(self, runs: list[list[Image.Image | Exception]]) -> None:
        self.name = "fake:0"
        self.runs = runs
        self.current: list[Image.Image | Exception] = []
        self.configured: list[ScanSettings] = []
        self.closed = False

    def capabilities(self) -> Capabilities:
        return FAKE_CAPS

    def configure(self, settings: ScanSettings) -> None:
        self.configured.append(settings)
        self.current = list(self.runs.pop(0)) if self.runs else []

    def scan_page(self) -> Image.Image:
        if not self.current:
            raise FeederEmptyError("fake: no docs")
        item = self.current.pop(0)
        if isinstance(item, ScannerAgentError):
            raise item
        assert isinstance(item, Image.Image)
        return item

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def portal() -> Iterator[FakePortal]:
    with FakePortal() as running:
        yield running


@pytest.fixture
def client(portal: FakePortal) -> Iterator[AgentClient]:
    with AgentClient(portal.url, TOKEN, retry=RetryPolicy(attempts=3, sleep=lambda s: None)) as c:
        yield c


@pytest.fixture
def dead_url() -> str:
    """A URL on which nothing listens (a port just released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def fake_scanner(monkeypatch: pytest.MonkeyPatch) -> list[FakeScanner]:
    """Each ``open_scanner`` call takes the next FakeScanner appended to this list."""
    scanners: list[FakeScanner] = []
    opened = iter(scanners)
    monkeypatch.setattr(sane_device, "open_scanner", lambda name: next(opened))
    return scanners


@pytest.fixture
def spool_dir(tmp_path: Path) -> Path:
    return tmp_path / "spool"


@pytest.fixture
def unused_url(dead_url: str) -> str:
    return dead_url
