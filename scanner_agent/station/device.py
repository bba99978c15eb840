"""What the station does with the scanner: list devices, preview, capture runs.

Every call here runs on the station's one device thread (SANE calls are never made
from two threads at once). Capture reuses the CLI's :class:`~scanner_agent.scan.Capture`
(spool first, cover sheets, manual duplex) with the batch kept open for edits.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PIL.Image import Image

from scanner_agent import sane_device
from scanner_agent.capabilities import Capabilities, ResolutionRange
from scanner_agent.demo import FAULTS, is_demo_device
from scanner_agent.errors import DeviceError, ScannerAgentError
from scanner_agent.profiles import get_profile
from scanner_agent.scan import Capture, PageSink, ScanOptions
from scanner_agent.scan_request import ScanSettings, validate
from scanner_agent.spool import Spool, SpoolBatch
from scanner_agent.station.config import StationConfig

PREVIEW_DPI = 50
PREVIEW_MAX_PX = 900


@dataclass(frozen=True)
class Preview:
    png: bytes
    area_mm: tuple[float, float]  # what the whole image covers: the crop's frame


def list_devices() -> list[dict[str, str]]:
    return [device.as_dict() for device in sane_device.list_devices()]


def settings_for(
    scanner: sane_device.Scanner, config: StationConfig, source: str, profiles: Path | None
) -> ScanSettings:
    """The validated settings of a run; the crop applies to the flatbed only."""
    manual = config.manual_duplex and source != "flatbed"
    settings = validate(
        scanner.name,
        scanner.capabilities(),
        get_profile(config.profile, profiles),
        source,
        manual_duplex=manual,
    )
    if source == "flatbed" and config.crop and settings.width_mm is not None:
        left, top, width, height = (max(0.0, float(v)) for v in config.crop)
        area = scanner.capabilities().scan_area_mm or (left + width, top + height)
        width, height = min(width, area[0] - left), min(height, area[1] - top)
        if width > 1 and height > 1:
            settings = replace(settings, left_mm=left, top_mm=top, width_mm=width, height_mm=height)
    return settings


def preview(config: StationConfig, profiles: Path | None) -> Preview:
    """A fast low-resolution scan of the whole flatbed area."""
    scanner = sane_device.open_scanner(config.device)
    try:
        caps = scanner.capabilities()
        settings = settings_for(scanner, replace(config, crop=None), "flatbed", profiles)
        area = caps.scan_area_mm or (settings.width_mm or 210.0, settings.height_mm or 297.0)
        settings = replace(
            settings,
            resolution=_preview_dpi(caps.resolutions, settings.resolution),
            width_mm=area[0],
            height_mm=area[1],
            threshold=False,
        )
        _reset_demo(scanner)
        scanner.configure(settings)
        image = scanner.scan_page()
    finally:
        scanner.close()
    image.thumbnail((PREVIEW_MAX_PX, PREVIEW_MAX_PX))
    out = io.BytesIO()
    image.save(out, "PNG")
    return Preview(out.getvalue(), (float(area[0]), float(area[1])))


def _preview_dpi(resolutions: list[int] | ResolutionRange, fallback: int) -> int:
    if isinstance(resolutions, ResolutionRange):
        return max(resolutions.min, min(PREVIEW_DPI, resolutions.max))
    if resolutions:
        return min(resolutions, key=lambda dpi: (dpi < PREVIEW_DPI, abs(dpi - PREVIEW_DPI)))
    return fallback


class DemoFaults:
    """On SANE's test backend: make the scanner fail after ``after`` more pages, through
    the backend's own simulated states (a real SANE status, translated as usual)."""

    def __init__(self, inner: sane_device.Scanner, fault: str, after: int) -> None:
        self.inner = inner
        self.name = inner.name
        self.fault = fault
        self.left = after

    def capabilities(self) -> Capabilities:
        return self.inner.capabilities()

    def configure(self, settings: ScanSettings) -> None:
        self.inner.configure(settings)

    def scan_page(self) -> Image:
        if self.left == 0:
            _set(self.inner, "read_return_value", FAULTS[self.fault])
        self.left -= 1
        return self.inner.scan_page()

    def close(self) -> None:
        self.inner.close()


def _set(scanner: sane_device.Scanner, option: str, value: str) -> None:
    setter = getattr(scanner, "set_option", None)
    if setter is not None:
        setter(option, value)


def _reset_demo(scanner: sane_device.Scanner) -> None:
    """The test backend keeps a simulated fault across opens: clear it before each run."""
    if is_demo_device(scanner.name):
        with contextlib.suppress(DeviceError):
            _set(scanner, "read_return_value", "Default")


@dataclass
class Run:
    """One capture run's request: where new pages go, and how many to take."""

    kind: str  # append | insert | rescan
    target: int | None = None
    limit: int | None = None
    source: str = "flatbed"


def capture(
    run: Run,
    batch: SpoolBatch,
    spool: Spool,
    config: StationConfig,
    profiles: Path | None,
    uploader: PageSink,
    prompt: Callable[[str], None],
    demo_fault: tuple[str, int] | None,
) -> tuple[Capture | None, ScannerAgentError | None]:
    """Scan into ``batch`` (spool first). Returns the Capture (whose ``batches`` show any
    batch a cover sheet split off) and the fault that stopped it, if any: every page
    captured before a fault is already in the spool."""
    try:
        scanner = sane_device.open_scanner(config.device)
    except ScannerAgentError as exc:
        return None, exc
    try:
        _reset_demo(scanner)
        if demo_fault is not None and is_demo_device(scanner.name):
            scanner = DemoFaults(scanner, *demo_fault)
        settings = settings_for(scanner, config, run.source, profiles)
        scanner.configure(settings)
        options = ScanOptions(
            server=config.server,
            token="",
            device=config.device,
            profile=config.profile,
            source=run.source,
            covers=config.covers,
        )
        limit = run.limit
        if limit is None and not settings.feeder:
            limit = 1  # the flatbed: one page per press of the button
        job = Capture(
            scanner, settings, spool, uploader, options, io.StringIO(), prompt, keep_open=True
        )
        try:
            job.run(batch, limit)
        except ScannerAgentError as exc:
            return job, exc
        return job, None
    except ScannerAgentError as exc:  # could not open or set up the scanner
        return None, exc
    finally:
        scanner.close()
