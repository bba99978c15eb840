"""The catalogue's exception base: errors carry an HTTP status and bilingual messages."""

from __future__ import annotations


class CatalogueError(Exception):
    http_status = 400
    code = "catalogue_error"
    message_id = "Permintaan tidak dapat diproses."
    message_en = "The request cannot be processed."

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.message_en)
        self.detail = detail

    def user_message(self) -> dict[str, str]:
        return {
            "code": self.code,
            "id": self.message_id,
            "en": self.message_en,
            "detail": self.detail,
        }


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


class EmptyJobError(CatalogueError):
    code = "no_pages"
    message_id = "Pekerjaan ditutup tanpa halaman."
    message_en = "The job was closed without any pages."
