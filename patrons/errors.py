"""The patrons' exception base: each error carries an HTTP status and bilingual messages.

Messages never say whether an email address has an account (no user enumeration).
"""

from __future__ import annotations

from common import errors as common
from common.errors import PustakaError


class PatronError(PustakaError):
    """Base of every error this package raises on purpose."""

    code = "patron_error"


class ConsentRequiredError(PatronError):
    code = "consent_required"
    message_id = "Pendaftaran memerlukan persetujuan atas pemberitahuan privasi."
    message_en = "Registration needs your consent to the privacy notice."


class InvalidEmailError(common.InvalidEmailError, PatronError):
    pass


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


class PageRangeError(common.PageRangeError, PatronError):
    pass


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
    message_id = "Tautan unduhan ini untuk akun lain. Masuk dengan akun yang meminta salinan ini."
    message_en = (
        "This download link belongs to another account. Sign in with the account that asked for it."
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
