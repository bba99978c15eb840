"""The SANE adapter: the only module of the agent that imports ``sane`` (python-sane).

SANE is started once per process and stopped at exit. SANE errors (``_sane.error``,
which carries only SANE's status text) are translated to the agent's own errors here.
"""

from __future__ import annotations

import atexit
import functools
from types import ModuleType

from scanner_agent.capabilities import (
    Capabilities,
    DeviceInfo,
    SaneOption,
    capabilities_from_options,
    options_by_name,
)
from scanner_agent.errors import (
    DeviceBusyError,
    DeviceError,
    DeviceNotFoundError,
    SaneUnavailableError,
    ScannerAgentError,
)

# Status texts of sane_strstatus() (untranslated in libsane), as python-sane raises them.
_STATUS_BUSY = "Device busy"
_STATUS_INVALID = "Invalid argument"


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
    if status == _STATUS_BUSY:
        return DeviceBusyError(detail)
    return DeviceError(detail)


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
