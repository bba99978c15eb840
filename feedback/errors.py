"""The feedback package's exception base: an HTTP status and a message in both languages.

Messages never repeat what a person wrote: the public form shows them to whoever is at
the screen.
"""

from __future__ import annotations

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "kind": ("Jenis", "Type"),
    "channel": ("Saluran", "Channel"),
    "subject": ("Perihal", "Subject"),
    "text": ("Isi", "Message"),
    "contact_name": ("Nama", "Name"),
    "contact_email": ("Surel", "Email"),
    "contact_phone": ("Nomor telepon", "Phone number"),
    "lapor_ticket": ("Nomor tiket LAPOR!", "LAPOR! ticket number"),
    "received_at": ("Waktu diterima", "Received at"),
    "response": ("Jawaban", "Response"),
    "comment": ("Komentar", "Comment"),
    "older_than_days": ("Masa simpan (hari)", "Retention (days)"),
    "visit_id": ("ID kunjungan", "Visit ID"),
}


class FeedbackError(Exception):
    http_status = 400
    code = "feedback_error"
    message_id = "Permintaan tidak dapat diproses."
    message_en = "The request cannot be processed."
    field = ""

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.message_en)
        self.detail = detail

    def user_message(self) -> dict[str, str]:
        return {"code": self.code, "id": self.message_id, "en": self.message_en}


class FieldError(FeedbackError):
    """A problem with one named field; the messages name the field in both languages."""

    template_id = "Kolom “{label}” bermasalah."
    template_en = "The field “{label}” has a problem."

    def __init__(self, field: str, detail: str = "") -> None:
        super().__init__(detail or field)
        self.field = field
        label_id, label_en = FIELD_LABELS.get(field, (field, field))
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


class InvalidPhoneError(FeedbackError):
    code = "invalid_phone"
    field = "contact_phone"
    message_id = "Nomor telepon tidak valid. Tulis nomor Indonesia, mis. 0812 3456 7890."
    message_en = "The phone number is not valid. Enter an Indonesian number, e.g. 0812 3456 7890."


class InvalidEmailError(FeedbackError):
    code = "invalid_email"
    field = "contact_email"
    message_id = "Alamat surel tidak valid, mis. nama@contoh.id."
    message_en = "The email address is not valid, e.g. name@example.id."


class LaporTicketError(FeedbackError):
    code = "lapor_ticket_invalid"
    field = "lapor_ticket"
    message_id = (
        "Nomor tiket LAPOR! tidak valid: tulis nomor dari lapor.go.id (huruf, angka, "
        "tanda hubung; paling sedikit 4 angka)."
    )
    message_en = (
        "The LAPOR! ticket number is not valid: enter the number from lapor.go.id "
        "(letters, digits, hyphens; at least 4 digits)."
    )


class LaporTicketMisplacedError(FeedbackError):
    code = "lapor_ticket_misplaced"
    field = "lapor_ticket"
    message_id = "Nomor tiket LAPOR! hanya diisi untuk saluran LAPOR!."
    message_en = "A LAPOR! ticket number belongs to the LAPOR! channel only."


class ReceivedInFutureError(FeedbackError):
    code = "received_in_future"
    field = "received_at"
    message_id = "Waktu diterima tidak boleh di masa depan."
    message_en = "The time received cannot be in the future."


class WrongStateError(FeedbackError):
    http_status = 409
    code = "wrong_state"
    message_id = "Langkah ini tidak dapat dilakukan pada status saat ini. Muat ulang halaman."
    message_en = "This step is not possible in the current state. Reload the page."


class RatingError(FeedbackError):
    code = "rating_invalid"
    message_id = "Beri nilai 1 sampai 4 untuk setiap unsur pelayanan."
    message_en = "Rate every service element from 1 to 4."


class SurveyLinkError(FeedbackError):
    http_status = 404
    code = "survey_link_invalid"
    message_id = "Tautan survei ini tidak dikenal atau sudah kedaluwarsa."
    message_en = "This survey link is unknown or has expired."


class SurveyAlreadyAnsweredError(FeedbackError):
    http_status = 409
    code = "survey_already_answered"
    message_id = "Survei untuk kunjungan ini sudah diisi. Terima kasih atas penilaian Anda."
    message_en = "The survey for this visit has already been answered. Thank you."


class SurveyPeriodError(FeedbackError):
    code = "survey_period_invalid"
    message_id = (
        "Periode tidak valid. Tulis bulan TTTT-BB (2026-03) atau triwulan TTTT-T1 (2026-T1)."
    )
    message_en = "The period is not valid. Write a month YYYY-MM (2026-03) or quarter YYYY-Q1."


class RetentionPeriodError(FeedbackError):
    code = "retention_invalid"
    message_id = "Masa simpan data harus paling sedikit 1 hari."
    message_en = "The retention period must be at least 1 day."
