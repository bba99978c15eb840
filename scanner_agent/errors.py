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


class NoScannerError(DeviceNotFoundError):
    """SANE lists no device at all: nothing attached, or no backend for it."""

    message_id = (
        f"{DeviceNotFoundError.message_id} Lalu periksa apakah 'scanimage -L' menemukannya. "
        "Untuk mencoba tanpa pemindai: 'scanner-agent devices --demo' atau "
        "'scanner-agent station --demo' memakai backend 'test' dari SANE "
        "(lihat docs/scanner-agent.md)."
    )
    message_en = (
        f"{DeviceNotFoundError.message_en} Then check whether 'scanimage -L' finds it. "
        "To try without a scanner: 'scanner-agent devices --demo' or "
        "'scanner-agent station --demo' use SANE's 'test' backend (see docs/scanner-agent.md)."
    )


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


# --- scanner faults (raised by the SANE adapter) ----------------------------------------


class FeederEmptyError(ScannerAgentError):
    """The document feeder has no paper (SANE "no docs"). Ends an ADF run normally; an
    error only when not a single page was fed."""

    exit_code = 10
    code = "feeder_empty"
    message_id = "Pengumpan dokumen kosong. Letakkan kertas di pengumpan lalu coba lagi."
    message_en = "The document feeder is empty. Put the paper in the feeder and try again."


class PaperJamError(DeviceError):
    exit_code = 11
    code = "paper_jam"
    message_id = (
        "Kertas macet di pemindai. Buka pemindai, keluarkan kertas dengan hati-hati, "
        "lalu lanjutkan. Halaman yang sudah terpindai tetap tersimpan."
    )
    message_en = (
        "Paper jam in the scanner. Open the scanner, remove the paper carefully, then "
        "continue. Pages scanned so far are kept."
    )


class CoverOpenError(DeviceError):
    exit_code = 12
    code = "cover_open"
    message_id = "Penutup pemindai terbuka. Tutup penutupnya lalu lanjutkan."
    message_en = "The scanner cover is open. Close it, then continue."


class DeviceGoneError(DeviceError):
    """The scanner disappeared mid-batch (cable pulled, power lost)."""

    exit_code = 13
    code = "device_gone"
    message_id = (
        "Sambungan ke pemindai terputus. Periksa kabel dan daya. Halaman yang sudah "
        "terpindai tetap tersimpan; lanjutkan dengan 'scan --resume' atau 'sync'."
    )
    message_en = (
        "The scanner was disconnected. Check its cable and power. Pages scanned so far "
        "are kept; continue with 'scan --resume' or 'sync'."
    )


class DeviceIOError(DeviceError):
    exit_code = 14
    code = "device_io_error"
    message_id = (
        "Pemindai gagal mengirim data (kesalahan I/O). Matikan dan nyalakan kembali "
        "pemindai. Halaman yang sudah terpindai tetap tersimpan."
    )
    message_en = (
        "The scanner failed to send data (I/O error). Turn it off and on again. Pages "
        "scanned so far are kept."
    )


# --- requests, profiles and the local spool ---------------------------------------------


class InvalidRequestError(ScannerAgentError):
    """A scan request the device or the profile cannot honour; raised before scanning."""

    exit_code = 20
    code = "invalid_request"
    message_id = "Permintaan pindai tidak dapat dipenuhi oleh pemindai ini."
    message_en = "This scanner cannot do the requested scan."

    def __init__(self, detail: str = "", *, message_id: str = "", message_en: str = "") -> None:
        super().__init__(detail)
        if message_id:
            self.message_id = message_id
        if message_en:
            self.message_en = message_en


class ProfileError(InvalidRequestError):
    exit_code = 21
    code = "bad_profile"
    message_id = "Profil pindai tidak dikenal atau berkas profil tidak valid."
    message_en = "Unknown scan profile, or the profile file is not valid."


class DuplexCountMismatchError(ScannerAgentError):
    exit_code = 22
    code = "duplex_count_mismatch"
    message_id = (
        "Jumlah halaman ganjil dan genap berbeda; halaman tidak digabungkan. Semua "
        "halaman tetap tersimpan di spool. Pindai ulang kedua sisi."
    )
    message_en = (
        "The odd and even passes have different page counts; pages were not collated. "
        "All pages are kept in the spool. Scan both sides again."
    )


class SpoolError(ScannerAgentError):
    exit_code = 23
    code = "spool_error"
    message_id = "Gagal menulis ke folder spool lokal. Halaman yang sudah tersimpan tetap aman."
    message_en = "Could not write to the local spool folder. Pages already stored are safe."


class DiskFullError(SpoolError):
    exit_code = 24
    code = "disk_full"
    message_id = (
        "Disk komputer pemindai penuh. Kosongkan ruang disk, lalu jalankan 'sync'. "
        "Halaman yang sudah tersimpan tetap aman."
    )
    message_en = (
        "The scanner PC's disk is full. Free some space, then run 'sync'. Pages already "
        "stored are safe."
    )


class BatchNotFoundError(ScannerAgentError):
    exit_code = 25
    code = "batch_not_found"
    message_id = "Batch tidak ditemukan di spool lokal."
    message_en = "Batch not found in the local spool."


# --- the server ---------------------------------------------------------------------------


class ServerError(ScannerAgentError):
    """The server answered with an error; its own bilingual message replaces ours."""

    exit_code = 30
    code = "server_error"
    message_id = "Server menolak permintaan."
    message_en = "The server refused the request."

    def __init__(
        self,
        detail: str = "",
        *,
        status: int = 0,
        server_code: str = "",
        message_id: str = "",
        message_en: str = "",
        body: dict[str, object] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.server_code = server_code
        self.body = body or {}
        if message_id:
            self.message_id = message_id
        if message_en:
            self.message_en = message_en


class AuthError(ServerError):
    exit_code = 31
    code = "bad_token"
    message_id = "Token stasiun ditolak server. Minta token baru kepada admin."
    message_en = "The server rejected the station token. Ask an admin for a new one."


class ConflictError(ServerError):
    exit_code = 32
    code = "conflict"


class TooLargeError(ServerError):
    exit_code = 33
    code = "too_large"
    message_id = "Berkas halaman terlalu besar untuk server. Pilih resolusi lebih rendah."
    message_en = "The page file is too large for the server. Choose a lower resolution."


class ServerUnreachableError(ScannerAgentError):
    """Network down or server stopped. Not a failure of a scan: its pages wait in the
    spool (the scan command says so, and how to send them with ``sync``)."""

    exit_code = 75  # EX_TEMPFAIL: try again later
    code = "server_unreachable"
    message_id = "Server tidak dapat dihubungi. Periksa jaringan, lalu coba lagi."
    message_en = "The server cannot be reached. Check the network, then try again."


PAGES_WAIT_HINT = (
    "Halaman tersimpan aman di spool; jalankan 'scanner-agent sync' setelah jaringan kembali.\n"
    "Pages are stored safely in the spool; run 'scanner-agent sync' once the network is back."
)
