"""The catalogue's exception base: errors carry an HTTP status and bilingual messages."""

from __future__ import annotations

from collections.abc import Sequence

from common.errors import PustakaError


class CatalogueError(PustakaError):
    """Base of every error this package raises on purpose."""

    code = "catalogue_error"


class JobClosedError(CatalogueError):
    http_status = 409
    code = "job_closed"
    message_id = "Pekerjaan sudah ditutup; halaman tidak dapat ditambahkan."
    message_en = "The job is closed; no pages can be added."


class JobNotRetryableError(CatalogueError):
    http_status = 409
    code = "job_not_failed"
    message_id = "Hanya pekerjaan yang gagal yang dapat diulang."
    message_en = "Only a failed job can be retried."


class StorageFullError(CatalogueError):
    """The storage folder's disk is full (or over quota): nothing half-written is kept;
    the job fails with its inputs kept, and ``pustaka retry`` completes it once there
    is room again."""

    http_status = 507
    code = "storage_full"
    retryable = True
    message_id = (
        "Penyimpanan penuh: berkas hasil tidak dapat ditulis. Berkas masukan tetap tersimpan; "
        "kosongkan ruang disk lalu ulangi pekerjaan ini."
    )
    message_en = (
        "Storage is full: the output files could not be written. The input files are kept; "
        "free some disk space, then retry this job."
    )


class InputsNotKeptError(StorageFullError):
    """The storage disk filled up before a job's own files could be kept (at intake)."""

    message_id = (
        "Penyimpanan penuh: berkas masukan belum dapat disimpan. Berkas itu tetap di tempat "
        "asalnya; kosongkan ruang disk lalu ulangi pekerjaan ini."
    )
    message_en = (
        "Storage is full: the input files could not be stored yet. They stay where they "
        "were; free some disk space, then retry this job."
    )


class InputGoneError(CatalogueError):
    """A file a full disk left out of storage is no longer where it was (or changed)."""

    http_status = 409
    code = "input_gone"
    message_id = (
        "Berkas masukan yang belum tersimpan tidak ada lagi di tempat asalnya (atau sudah "
        "berubah); masukkan berkas itu lagi sebagai pekerjaan baru."
    )
    message_en = (
        "An input file that was never stored is no longer where it was (or has changed); "
        "add it again as a new job."
    )


class EmptyJobError(CatalogueError):
    code = "no_pages"
    message_id = "Pekerjaan ditutup tanpa halaman."
    message_en = "The job was closed without any pages."


class InvalidFieldError(CatalogueError):
    """A value that cannot be accepted for one field; ``reason`` says why.

    Subclasses list a message per reason, so the edge can show exactly what is wrong
    (``field`` names the model field or CSV column).
    """

    code = "invalid_value"
    field = ""
    message_id = "Nilai tidak sah."
    message_en = "The value is not valid."
    messages: dict[str, tuple[str, str]] = {}

    def __init__(
        self,
        detail: str = "",
        *,
        field: str = "",
        reason: str = "",
        message: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.field = field or self.field
        self.reason = reason
        chosen = message or self.messages.get(reason)
        if chosen is not None:
            self.message_id, self.message_en = chosen

    def user_message(self) -> dict[str, str]:
        return {**super().user_message(), "field": self.field, "reason": self.reason}


class InvalidIssnError(InvalidFieldError):
    code = "invalid_issn"
    field = "issn"
    message_id = "ISSN tidak sah."
    message_en = "The ISSN is not valid."
    messages = {
        "characters": (
            "ISSN hanya boleh berisi angka, dengan X hanya sebagai karakter terakhir.",
            "An ISSN may contain only digits, with X allowed only as the last character.",
        ),
        "length": (
            "ISSN harus terdiri atas 8 karakter (NNNN-NNNC).",
            "An ISSN has exactly 8 characters (NNNN-NNNC).",
        ),
        "check_digit": ("Angka pemeriksa ISSN salah.", "The ISSN check digit is wrong."),
    }


class InvalidIsbnError(InvalidFieldError):
    code = "invalid_isbn"
    field = "isbn"
    message_id = "ISBN tidak sah."
    message_en = "The ISBN is not valid."
    messages = {
        "characters": (
            "ISBN hanya boleh berisi angka (ISBN-10 boleh diakhiri X).",
            "An ISBN may contain only digits (an ISBN-10 may end in X).",
        ),
        "length": (
            "ISBN harus terdiri atas 10 atau 13 angka.",
            "An ISBN has 10 or 13 digits.",
        ),
        "prefix": (
            "ISBN-13 harus diawali 978 atau 979.",
            "An ISBN-13 starts with 978 or 979.",
        ),
        "check_digit": ("Angka pemeriksa ISBN salah.", "The ISBN check digit is wrong."),
    }


class InvalidCatalogueNumberError(InvalidFieldError):
    code = "invalid_catalogue_number"
    field = "catalogue_number"
    message_id = (
        "Nomor katalog BPS harus 7 angka, boleh diikuti titik dan kode wilayah "
        "2, 4 atau 7 angka (mis. 1102001.1377)."
    )
    message_en = (
        "A BPS catalogue number is 7 digits, optionally followed by a dot and a 2, 4 or "
        "7 digit area code (e.g. 1102001.1377)."
    )


class InvalidPublicationNumberError(InvalidFieldError):
    code = "invalid_publication_number"
    field = "publication_number"
    message_id = "Nomor publikasi harus 5 angka, titik, 4 angka (mis. 03200.2322)."
    message_en = "A publication number is 5 digits, a dot and 4 digits (e.g. 03200.2322)."


class DuplicatePublicationError(CatalogueError):
    """The record looks like one already in the catalogue; ``duplicates`` says which."""

    http_status = 409
    code = "duplicate_publication"
    message_id = "Publikasi ini tampaknya sudah ada di katalog."
    message_en = "This publication appears to be in the catalogue already."

    def __init__(self, detail: str = "", *, duplicates: Sequence[object] = ()) -> None:
        super().__init__(detail)
        self.duplicates = list(duplicates)


class DuplicateBarcodeError(InvalidFieldError):
    http_status = 409
    code = "duplicate_barcode"
    field = "barcode"
    message_id = "Kode eksemplar (barkode) sudah dipakai."
    message_en = "The item barcode is already in use."


class PublicationDeletedError(CatalogueError):
    http_status = 409
    code = "publication_deleted"
    message_id = "Publikasi ini sudah dihapus."
    message_en = "This publication has been deleted."
