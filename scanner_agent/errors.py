"""The scanner agent's exception base: each error carries its exit code and a plain
message in Indonesian and English for the librarian at the scanner PC."""

from __future__ import annotations


class ScannerAgentError(Exception):
    """Base of every error the scanner agent raises on purpose.

    ``detail`` holds the technical cause (a SANE status, a device name) for logs and
    support; the librarian sees only ``message_id``/``message_en``.
    """

    exit_code = 1
    code = "scanner_agent_error"
    message_id = "Terjadi kesalahan pada agen pemindai."
    message_en = "Something went wrong in the scanner agent."

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.message_en)
        self.detail = detail

    def bilingual(self) -> str:
        """Both user-facing messages, Indonesian first, one per line."""
        return f"{self.message_id}\n{self.message_en}"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form for machine-readable output."""
        return {
            "code": self.code,
            "exit_code": self.exit_code,
            "message_id": self.message_id,
            "message_en": self.message_en,
            "detail": self.detail,
        }


class SaneUnavailableError(ScannerAgentError):
    """python-sane or libsane is missing, or SANE failed to start."""

    exit_code = 5
    code = "sane_unavailable"
    message_id = (
        "Perangkat lunak pemindai (SANE) tidak tersedia di komputer ini. Hubungi petugas TI."
    )
    message_en = "The scanner software (SANE) is not available on this computer. Contact IT staff."


class DeviceNotFoundError(ScannerAgentError):
    """No scanner is connected, or the named one does not exist."""

    exit_code = 3
    code = "device_not_found"
    message_id = "Pemindai tidak ditemukan. Periksa kabel dan daya pemindai."
    message_en = "Scanner not found. Check the scanner's cable and power."


class DeviceBusyError(ScannerAgentError):
    """The scanner is in use by another program or another scan."""

    exit_code = 4
    code = "device_busy"
    message_id = "Pemindai sedang dipakai program lain. Tutup program tersebut lalu coba lagi."
    message_en = "The scanner is being used by another program. Close it and try again."


class DeviceError(ScannerAgentError):
    """The scanner reported a failure that has no more specific class (I/O error, ...)."""

    exit_code = 6
    code = "device_error"
    message_id = (
        "Pemindai melaporkan kesalahan. Matikan dan nyalakan kembali pemindai, lalu coba lagi."
    )
    message_en = "The scanner reported an error. Turn the scanner off and on, then try again."
