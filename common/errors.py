"""The error base every server package derives its own from, and the field-error templates.

An error carries what the edge needs: an HTTP status, an exit code, whether a retry can
help, a stable ``code`` and a message in Indonesian and English. Packages keep one base of
their own (``VisitorError``, ``CatalogueError``, …) derived from ``PustakaError``, so an
edge can catch one package's errors or all of them.
"""

from __future__ import annotations

from typing import Any, ClassVar


class PustakaError(Exception):
    """Base of every error the server raises on purpose."""

    http_status = 400
    exit_code = 1
    retryable = False
    code = "error"
    message_id = "Permintaan tidak dapat diproses."
    message_en = "The request cannot be processed."

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.message_en)
        self.detail = detail

    def user_message(self) -> dict[str, Any]:
        """Both languages and the technical detail, as the edge shows or logs them."""
        return {
            "code": self.code,
            "id": self.message_id,
            "en": self.message_en,
            "detail": self.detail,
        }


class FieldError(PustakaError):
    """A problem with one named form field; the messages name the field in both languages.

    A package's own subclass sets ``labels`` (field name -> (Indonesian, English) label).
    """

    labels: ClassVar[dict[str, tuple[str, str]]] = {}
    template_id = "Kolom “{label}” bermasalah."
    template_en = "The field “{label}” has a problem."

    def __init__(self, field: str, detail: str = "") -> None:
        super().__init__(detail or field)
        self.field = field
        label_id, label_en = self.labels.get(field, (field, field))
        self.message_id = self.template_id.format(label=label_id)
        self.message_en = self.template_en.format(label=label_en)


class FieldRequiredError(FieldError):
    code = "field_required"
    template_id = "Kolom “{label}” wajib diisi."
    template_en = "The field “{label}” is required."


class FieldInvalidError(FieldError):
    code = "field_invalid"
    template_id = "Isian kolom “{label}” tidak valid."
    template_en = "The value of the field “{label}” is not valid."


class FieldTooLongError(FieldError):
    code = "field_too_long"
    template_id = "Isian kolom “{label}” terlalu panjang."
    template_en = "The value of the field “{label}” is too long."


class InvalidEmailError(PustakaError):
    code = "invalid_email"
    message_id = "Alamat surel tidak valid, mis. nama@contoh.id."
    message_en = "The email address is not valid, e.g. name@example.id."


class InvalidPhoneError(PustakaError):
    code = "invalid_phone"
    message_id = "Nomor telepon tidak valid. Tulis nomor Indonesia, mis. 0812 3456 7890."
    message_en = "The phone number is not valid. Enter an Indonesian number, e.g. 0812 3456 7890."


class PageRangeError(PustakaError):
    code = "page_range_invalid"
    message_id = (
        "Rentang halaman tidak valid. Tulis nomor atau rentang yang dipisah koma, "
        "mis. 1-5, 9, 12-14."
    )
    message_en = (
        "The page range is not valid. Write numbers or ranges separated by commas, "
        "e.g. 1-5, 9, 12-14."
    )
