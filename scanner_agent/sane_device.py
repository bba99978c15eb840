"""The SANE adapter: the only module of the agent that imports ``sane`` (python-sane).

SANE is started once per process and stopped at exit. SANE errors (``_sane.error``,
which carries only SANE's status text) are translated to the agent's own errors here.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

from scanner_agent.capabilities import (
    Capabilities,
    DeviceInfo,
    SaneOption,
    capabilities_from_options,
    options_by_name,
)
from scanner_agent.errors import (
    CoverOpenError,
    DeviceBusyError,
    DeviceError,
    DeviceGoneError,
    DeviceIOError,
    DeviceNotFoundError,
    FeederEmptyError,
    PaperJamError,
    SaneUnavailableError,
    ScannerAgentError,
)

if TYPE_CHECKING:
    from PIL.Image import Image

    from scanner_agent.scan_request import ScanSettings

# Status texts of sane_strstatus() (untranslated in libsane), as python-sane raises them.
_STATUS_BUSY = "Device busy"
_STATUS_INVALID = "Invalid argument"
_STATUS_ERRORS: dict[str, type[ScannerAgentError]] = {
    _STATUS_BUSY: DeviceBusyError,
    "Document feeder out of documents": FeederEmptyError,
    "Document feeder jammed": PaperJamError,
    "Scanner cover is open": CoverOpenError,
    "Error during device I/O": DeviceIOError,
}


@functools.cache
def _sane() -> ModuleType:
    """Import python-sane and run ``sane.init()`` once per process; ``sane.exit()`` at exit."""
    try:
        import sane
    except ImportError as exc:  # python-sane not installed, or libsane.so missing
        raise SaneUnavailableError(f"cannot import python-sane: {exc}") from exc
    try:
        sane.init()
    except sane._sane.error as exc:
        raise SaneUnavailableError(f"sane.init() failed: {exc}") from exc
    atexit.register(sane.exit)
    return sane


def _translate(exc: Exception, device_name: str = "") -> ScannerAgentError:
    status = str(exc)
    detail = f"{device_name}: {status}" if device_name else status
    return _STATUS_ERRORS.get(status, DeviceError)(detail)


def list_devices() -> list[DeviceInfo]:
    """Every device SANE finds (slow with many backends enabled: call it once)."""
    sane = _sane()
    try:
        found = sane.get_devices()
    except sane._sane.error as exc:
        raise _translate(exc) from exc
    return [DeviceInfo(*(str(field) for field in entry)) for entry in found]


def read_options(device_name: str) -> list[SaneOption]:
    """Open the device, read all its option descriptors, close it again."""
    sane = _sane()
    try:
        device = sane.open(device_name)
    except sane._sane.error as exc:
        if str(exc) == _STATUS_INVALID:  # what the dll backend answers for an unknown name
            raise DeviceNotFoundError(f"{device_name}: {exc}") from exc
        raise _translate(exc, device_name) from exc
    try:
        return [SaneOption(*item) for item in device.get_options()]
    except sane._sane.error as exc:
        raise _translate(exc, device_name) from exc
    finally:
        device.close()


def probe(device_name: str) -> Capabilities:
    """The device's capability model, read once from its option descriptors."""
    return capabilities_from_options(options_by_name(read_options(device_name)))


class Scanner(Protocol):
    """An open device, page by page: what the scan command needs from a scanner.

    Tests put a fake behind this boundary; :class:`SaneScanner` is the real one.
    """

    name: str

    def capabilities(self) -> Capabilities: ...

    def configure(self, settings: ScanSettings) -> None: ...

    def scan_page(self) -> Image:
        """The next page; raises :class:`FeederEmptyError` when the feeder has no more."""
        ...

    def close(self) -> None: ...


class SaneScanner:
    """A SANE device held open for one batch."""

    def __init__(self, name: str) -> None:
        sane = _sane()
        self.name = name
        self._error: type[Exception] = sane._sane.error
        try:
            self._device: Any = sane.open(name)
        except sane._sane.error as exc:
            if str(exc) == _STATUS_INVALID:
                raise DeviceNotFoundError(f"{name}: {exc}") from exc
            raise _translate(exc, name) from exc
        self._feeder = False

    def capabilities(self) -> Capabilities:
        try:
            raw = [SaneOption(*item) for item in self._device.get_options()]
        except self._error as exc:
            raise _translate(exc, self.name) from exc
        return capabilities_from_options(options_by_name(raw))

    def configure(self, settings: ScanSettings) -> None:
        """Set source, mode, resolution and the scan area (top-left at the crop's corner)."""
        values: list[tuple[str, object]] = []
        if settings.device_source is not None:
            values.append(("source", settings.device_source))
        if settings.device_mode:
            values.append(("mode", settings.device_mode))
        values.append(("resolution", settings.resolution))
        if settings.width_mm is not None and settings.height_mm is not None:
            left, top = settings.left_mm, settings.top_mm
            values += [("tl_x", left), ("tl_y", top)]
            values += [("br_x", left + settings.width_mm), ("br_y", top + settings.height_mm)]
        for option, value in values:
            try:
                setattr(self._device, option, value)
            except (self._error, AttributeError) as exc:
                raise DeviceError(f"{self.name}: cannot set {option}={value!r}: {exc}") from exc
        self._feeder = settings.feeder

    def scan_page(self) -> Image:
        try:
            self._device.start()
            image: Image = self._device.snap(no_cancel=self._feeder)
        except self._error as exc:
            self._cancel()
            raise self._fault(exc) from exc
        except RuntimeError as exc:  # python-sane: "Scanner returned no data"
            self._cancel()
            raise DeviceIOError(f"{self.name}: {exc}") from exc
        return image

    def _fault(self, exc: Exception) -> ScannerAgentError:
        """A mid-batch failure; an I/O error from a device SANE no longer lists is 'gone'."""
        error = _translate(exc, self.name)
        if isinstance(error, DeviceIOError) and not self._still_listed():
            return DeviceGoneError(error.detail)
        return error

    def _still_listed(self) -> bool:
        try:
            return any(device.name == self.name for device in list_devices())
        except ScannerAgentError:
            return False

    def _cancel(self) -> None:
        with contextlib.suppress(self._error):
            self._device.cancel()

    def set_option(self, option: str, value: object) -> None:
        """Set a backend-specific option (tests drive the `test` backend's fault options)."""
        try:
            setattr(self._device, option, value)
        except (self._error, AttributeError) as exc:
            raise DeviceError(f"{self.name}: cannot set {option}={value!r}: {exc}") from exc

    def close(self) -> None:
        if self._feeder:
            self._cancel()  # ends an ADF run that python-sane left open (no_cancel)
        self._device.close()


def open_scanner(name: str) -> Scanner:
    """Open a device for scanning; the scan command calls this (tests replace it)."""
    return SaneScanner(name)
