"""The feedback package's exception base: an HTTP status and a message in both languages.

Messages never repeat what a person wrote: the public form shows them to whoever is at
the screen.
"""

from __future__ import annotations

from common import errors as common
from common.errors import PustakaError

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


class FeedbackError(PustakaError):
    """Base of every feedback error; its user message leaves out the detail, which may
    quote what a person wrote."""

    code = "feedback_error"
    field = ""

    def user_message(self) -> dict[str, str]:
        return {"code": self.code, "id": self.message_id, "en": self.message_en}


class FieldError(common.FieldError, FeedbackError):
    labels = FIELD_LABELS


class FieldRequiredError(common.FieldRequiredError, FieldError):
    pass


class FieldInvalidError(common.FieldInvalidError, FieldError):
    pass


class FieldTooLongError(common.FieldTooLongError, FieldError):
    pass


class InvalidPhoneError(common.InvalidPhoneError, FeedbackError):
    field = "contact_phone"


class InvalidEmailError(common.InvalidEmailError, FeedbackError):
    field = "contact_email"


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
