"""The patrons' exception base: each error carries an HTTP status and bilingual messages.

Messages never say whether an email address has an account (no user enumeration).
"""

from __future__ import annotations


class PatronError(Exception):
    http_status = 400
    code = "patron_error"
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


class ConsentRequiredError(PatronError):
    code = "consent_required"
    message_id = "Pendaftaran memerlukan persetujuan atas pemberitahuan privasi."
    message_en = "Registration needs your consent to the privacy notice."


class InvalidEmailError(PatronError):
    code = "invalid_email"
    message_id = "Alamat surel tidak valid, mis. nama@contoh.id."
    message_en = "The email address is not valid, e.g. name@example.id."


class NameRequiredError(PatronError):
    code = "name_required"
    message_id = "Nama wajib diisi."
    message_en = "The name is required."


class LinkInvalidError(PatronError):
    """A verification or download link that was altered, or belongs to nothing any more."""

    http_status = 404
    code = "link_invalid"
    message_id = "Tautan tidak sah atau sudah tidak berlaku."
    message_en = "The link is not valid or no longer applies."


class LinkExpiredError(LinkInvalidError):
    http_status = 410
    code = "link_expired"
    message_id = "Tautan sudah kedaluwarsa."
    message_en = "The link has expired."


class NotVerifiedError(PatronError):
    http_status = 403
    code = "not_verified"
    message_id = "Akun belum diverifikasi. Buka tautan verifikasi yang kami kirim ke surel Anda."
    message_en = "The account is not verified yet. Open the link we sent to your email."


class NotAPatronError(PatronError):
    http_status = 403
    code = "not_a_patron"
    message_id = "Hanya anggota daring yang dapat melakukan ini."
    message_en = "Only online members can do this."


class PublicationUnavailableError(PatronError):
    http_status = 404
    code = "publication_unavailable"
    message_id = "Publikasi ini tidak memiliki salinan digital yang dapat diminta."
    message_en = "This publication has no softcopy that can be requested."


class PageRangeError(PatronError):
    code = "page_range_invalid"
    message_id = (
        "Rentang halaman tidak valid. Tulis nomor atau rentang yang dipisah koma, "
        "mis. 1-5, 9, 12-14."
    )
    message_en = (
        "The page range is not valid. Write numbers or ranges separated by commas, "
        "e.g. 1-5, 9, 12-14."
    )


class PurposeInvalidError(PatronError):
    code = "purpose_invalid"
    message_id = "Pilih keperluan permintaan."
    message_en = "Choose the purpose of the request."


class AlreadyDecidedError(PatronError):
    http_status = 409
    code = "already_decided"
    message_id = "Permintaan ini sudah diputuskan. Muat ulang halaman."
    message_en = "This request has already been decided. Reload the page."


class ReasonRequiredError(PatronError):
    code = "reason_required"
    message_id = "Tulis alasan penolakan; alasan itu dikirim kepada pemohon."
    message_en = "Write the reason for rejecting; it is sent to the requester."


class StaffAccountError(PatronError):
    http_status = 403
    code = "staff_account"
    message_id = "Akun staf tidak dapat dihapus dari halaman ini; hubungi administrator."
    message_en = "A staff account cannot be deleted here; ask an administrator."


class RetentionPeriodError(PatronError):
    code = "retention_invalid"
    message_id = "Masa simpan data harus paling sedikit 1 hari."
    message_en = "The retention period must be at least 1 day."


class LinkNotYoursError(LinkInvalidError):
    """A download link opened by another account than the patron it was emailed to."""

    http_status = 403
    code = "link_not_yours"
    message_id = (
        "Tautan unduhan ini untuk akun lain. Masuk dengan akun yang meminta salinan ini."
    )
    message_en = (
        "This download link belongs to another account. "
        "Sign in with the account that asked for it."
    )


class NoLongerAvailableError(LinkInvalidError):
    """The softcopy's access or its publication changed since the request was approved."""

    http_status = 403
    code = "no_longer_available"
    message_id = (
        "Salinan digital ini tidak lagi tersedia untuk Anda: aksesnya telah diubah. "
        "Hubungi perpustakaan bila Anda masih memerlukannya."
    )
    message_en = (
        "This softcopy is no longer available to you: its access has changed. "
        "Contact the library if you still need it."
    )
