"""The scanning package's exception base: an HTTP status, a code and bilingual messages."""

from __future__ import annotations

from collections.abc import Sequence

from common import errors as common
from common.errors import PustakaError


class ScanningError(PustakaError):
    """Base of every error this package raises on purpose."""

    code = "scanning_error"
    message_id = "Permintaan pemindaian tidak dapat diproses."
    message_en = "The scanning request cannot be processed."


class BadTokenError(ScanningError):
    http_status = 401
    code = "bad_token"
    message_id = "Token stasiun tidak ada, tidak dikenal, atau sudah dicabut."
    message_en = "The station token is missing, unknown or revoked."


class BadRequestError(ScanningError):
    code = "bad_request"
    message_id = "Permintaan tidak sah."
    message_en = "The request is not valid."


class StationNameError(ScanningError):
    exit_code = 2
    code = "bad_station_name"
    message_id = "Nama stasiun harus diisi (maks. 100 karakter) dan belum dipakai."
    message_en = "A station name is required (at most 100 characters) and must be new."


class StationNotFoundError(ScanningError):
    http_status = 404
    exit_code = 2
    code = "station_not_found"
    message_id = "Stasiun tidak ditemukan."
    message_en = "No such station."


class ScanRequestNotFoundError(ScanningError):
    http_status = 404
    code = "task_not_found"
    message_id = "Tugas pindai tidak ditemukan."
    message_en = "No such scan task."


class ScanRequestTakenError(ScanningError):
    http_status = 409
    code = "task_taken"
    message_id = "Tugas pindai ini sudah diambil stasiun lain."
    message_en = "Another station has taken this scan task."


class ScanRequestStateError(ScanningError):
    http_status = 409
    code = "task_state"
    message_id = "Tugas pindai ini tidak dapat diubah pada statusnya sekarang."
    message_en = "The scan task cannot be changed in its current state."


class BatchNotFoundError(ScanningError):
    http_status = 404
    code = "batch_not_found"
    message_id = "Batch pindai tidak ditemukan."
    message_en = "No such scan batch."


class BatchClosedError(ScanningError):
    http_status = 409
    code = "batch_closed"
    message_id = "Batch sudah ditutup; halaman tidak dapat ditambahkan atau diubah."
    message_en = "The batch is closed; pages cannot be added or changed."


class ChecksumMismatchError(ScanningError):
    code = "checksum_mismatch"
    message_id = "Isi halaman tidak cocok dengan checksum SHA-256 yang dikirim; kirim ulang."
    message_en = "The page does not match the SHA-256 checksum sent; send it again."


class PageConflictError(ScanningError):
    http_status = 409
    code = "page_conflict"
    message_id = "Nomor halaman ini sudah tersimpan dengan isi yang berbeda."
    message_en = "This page number is already stored with different content."


class PageTooLargeError(ScanningError):
    http_status = 413
    code = "too_large"
    message_id = "Berkas halaman melebihi batas ukuran unggahan server."
    message_en = "The page file is larger than the server's upload limit."


class UnsupportedPageTypeError(ScanningError):
    http_status = 415
    code = "unsupported_type"
    message_id = "Halaman harus berupa gambar PNG, TIFF atau JPEG, atau dokumen PDF."
    message_en = "A page must be a PNG, TIFF or JPEG image, or a PDF document."


class PagesMissingError(ScanningError):
    http_status = 409
    code = "pages_missing"
    message_id = "Batch belum dapat ditutup: ada halaman yang belum diterima."
    message_en = "The batch cannot be closed yet: some pages have not arrived."

    def __init__(self, missing: Sequence[int]) -> None:
        self.missing = list(missing)
        super().__init__(", ".join(str(n) for n in self.missing[:50]))

    def user_message(self) -> dict[str, object]:
        return {**super().user_message(), "missing": self.missing}


class PageRangeError(common.PageRangeError, ScanningError):
    message_id = f"{common.PageRangeError.message_id} Kosong = semua halaman."
    message_en = f"{common.PageRangeError.message_en} Empty = every page."


class InvalidEmailError(common.InvalidEmailError, ScanningError):
    message_id = "Alamat surel pemohon tidak sah."
    message_en = "The requester's email address is not valid."


class PublicationUnavailableError(ScanningError):
    http_status = 404
    code = "publication_not_found"
    message_id = "Publikasi tidak ditemukan atau sudah dihapus."
    message_en = "The publication does not exist or has been deleted."


class DeliveryError(ScanningError):
    """Sending the scanned PDF failed; ``retryable`` says whether trying later can help."""

    http_status = 502
    code = "delivery_failed"
    message_id = "Pengiriman surel hasil pindai gagal."
    message_en = "Emailing the scanned document failed."

    def __init__(self, detail: str = "", *, retryable: bool = False) -> None:
        super().__init__(detail)
        self.retryable = retryable
