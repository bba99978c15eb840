"""The visitors' exception base: each error carries an HTTP status and bilingual messages.

Messages never contain a stored visitor's details: the guestbook kiosk is a public screen,
and whatever it shows may be read by the next person in line.
"""

from __future__ import annotations

from common import errors as common
from common.errors import PustakaError

# Field names as the guestbook form names them, with labels for the messages.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("Nama", "Name"),
    "phone": ("Nomor HP", "Phone number"),
    "email": ("Surel", "Email"),
    "birth_year": ("Tahun lahir", "Birth year"),
    "sex": ("Jenis kelamin", "Sex"),
    "education": ("Pendidikan", "Education"),
    "occupation": ("Pekerjaan", "Occupation"),
    "institution": ("Instansi", "Institution"),
    "institution_category": ("Kategori instansi", "Institution category"),
    "purpose": ("Tujuan kunjungan", "Purpose of visit"),
    "service": ("Jenis layanan", "Service"),
    "id_type": ("Jenis kartu identitas", "ID card type"),
    "male_count": ("Jumlah laki-laki", "Number of men"),
    "female_count": ("Jumlah perempuan", "Number of women"),
    "older_than_days": ("Masa simpan (hari)", "Retention (days)"),
}


class VisitorError(PustakaError):
    """Base of every error this package raises on purpose."""

    code = "visitor_error"


class FieldError(common.FieldError, VisitorError):
    labels = FIELD_LABELS


class FieldRequiredError(common.FieldRequiredError, FieldError):
    pass


class FieldInvalidError(common.FieldInvalidError, FieldError):
    pass


class InvalidPhoneError(common.InvalidPhoneError, VisitorError):
    """The desk texts its visitors, so only a mobile number will do."""

    message_id = (
        "Nomor HP tidak valid. Tulis nomor seluler Indonesia, mis. 0812 3456 7890 "
        "atau +62 812 3456 7890."
    )
    message_en = (
        "The phone number is not valid. Enter an Indonesian mobile number, "
        "e.g. 0812 3456 7890 or +62 812 3456 7890."
    )


class InvalidEmailError(common.InvalidEmailError, VisitorError):
    pass


class ContactRequiredError(VisitorError):
    code = "contact_required"
    message_id = "Isi nomor HP atau alamat surel (salah satu atau keduanya)."
    message_en = "Enter a phone number or an email address (either or both)."


class BirthYearOutOfRangeError(VisitorError):
    code = "birth_year_out_of_range"
    message_id = "Tahun lahir di luar rentang yang wajar. Periksa kembali isian Anda."
    message_en = "The birth year is outside a plausible range. Please check it."


class GroupSizeError(VisitorError):
    code = "group_size_invalid"
    message_id = (
        "Jumlah anggota rombongan tidak valid: isi jumlah laki-laki dan perempuan, "
        "paling sedikit 2 orang."
    )
    message_en = (
        "The group size is not valid: enter the number of men and women, at least 2 people."
    )


class DuplicateSubmitError(VisitorError):
    """The same visitor submitted again within the duplicate window (a double tap).

    Carries the earlier visit's queue number (and nothing else of it) so the kiosk can show
    the ticket again instead of issuing a second number.
    """

    http_status = 409
    code = "duplicate_submit"
    message_id = "Data Anda sudah tercatat beberapa saat lalu. Gunakan nomor antrean yang sama."
    message_en = "Your entry was recorded a moment ago. Please keep the same queue number."

    def __init__(self, *, visit_id: int, queue_label: str, detail: str = "") -> None:
        super().__init__(detail or f"visit {visit_id}")
        self.visit_id = visit_id
        self.queue_label = queue_label


class NoFreeLockerError(VisitorError):
    http_status = 409
    code = "no_free_locker"
    message_id = "Semua loker sedang terpakai. Simpan tas di meja petugas untuk sementara."
    message_en = "Every locker is in use. Keep the bag at the desk for now."


class LockerTakenError(VisitorError):
    http_status = 409
    code = "locker_taken"
    message_id = "Loker ini sudah dipakai pengunjung lain. Pilih loker lain."
    message_en = "This locker is already taken by another visitor. Choose another one."


class LockerInactiveError(VisitorError):
    http_status = 409
    code = "locker_inactive"
    message_id = "Loker ini sedang tidak aktif dan tidak dapat diberikan."
    message_en = "This locker is out of service and cannot be assigned."


class LockerAlreadyHeldError(VisitorError):
    http_status = 409
    code = "visit_holds_locker"
    message_id = "Pengunjung ini sudah memegang loker dan kartu identitasnya sudah diterima."
    message_en = "This visitor already holds a locker and their ID card has been received."


class NothingHeldError(VisitorError):
    http_status = 409
    code = "nothing_held"
    message_id = "Tidak ada kartu identitas atau loker yang perlu dikembalikan untuk kunjungan ini."
    message_en = "There is no ID card or locker to return for this visit."


class IdCardNotReturnedError(VisitorError):
    http_status = 409
    code = "id_card_not_returned"
    message_id = "Kartu identitas pengunjung belum dikembalikan. Kembalikan dulu sebelum pulang."
    message_en = "The visitor's ID card has not been returned yet. Return it before check-out."


class LockerNotFreedError(VisitorError):
    http_status = 409
    code = "locker_not_freed"
    message_id = "Loker pengunjung belum dikosongkan. Kosongkan dulu sebelum pulang."
    message_en = "The visitor's locker has not been freed yet. Free it before check-out."


class ReadingNotReturnedError(VisitorError):
    http_status = 409
    code = "reading_not_returned"
    message_id = "Masih ada publikasi yang dibaca dan belum dikembalikan ke petugas."
    message_en = "A publication being read has not been returned to the desk yet."


class HoldingNotFoundError(VisitorError):
    http_status = 404
    code = "holding_not_found"
    message_id = "Tidak ada eksemplar dengan barkode itu. Periksa barkode pada buku."
    message_en = "There is no copy with that barcode. Check the barcode on the book."


class HoldingUnavailableError(VisitorError):
    """The copy cannot go to the reading room now (scanned, photocopied, ...)."""

    http_status = 409
    code = "holding_unavailable"
    message_id = (
        "Eksemplar ini sedang tidak ada di rak (mis. sedang dipindai atau difotokopi). "
        "Pilih eksemplar lain."
    )
    message_en = (
        "This copy is not on the shelf right now (e.g. being scanned or photocopied). "
        "Choose another copy."
    )


class HoldingInReadingRoomError(HoldingUnavailableError):
    code = "holding_in_reading_room"
    message_id = "Eksemplar ini sedang di ruang baca dan belum dikembalikan. Pilih eksemplar lain."
    message_en = "This copy is already in the reading room and not yet returned. Choose another."


class HoldingWithdrawnError(HoldingUnavailableError):
    code = "holding_withdrawn"
    message_id = "Eksemplar ini sudah ditarik dari koleksi dan tidak dapat dipinjamkan."
    message_en = "This copy has been withdrawn from the collection and cannot be lent."


class HoldingMissingError(HoldingUnavailableError):
    code = "holding_missing"
    message_id = "Eksemplar ini tercatat hilang. Laporkan kepada pustakawan bila buku ditemukan."
    message_en = "This copy is recorded as missing. Tell the librarian if the book has turned up."


class HoldingNotLentToVisitError(VisitorError):
    http_status = 409
    code = "holding_not_lent_to_visit"
    message_id = (
        "Eksemplar ini tidak sedang dibaca oleh pengunjung ini di ruang baca. "
        "Pilih eksemplar yang dipegang pengunjung, atau publikasinya saja."
    )
    message_en = (
        "This copy is not being read by this visitor in the reading room. "
        "Choose a copy the visitor holds, or just the publication."
    )


class HoldingAtPhotocopyError(VisitorError):
    http_status = 409
    code = "holding_at_photocopy"
    message_id = "Eksemplar ini sudah dibawa ke koperasi dengan formulir fotokopi lain."
    message_en = "This copy is already at the cooperative with another photocopy form."


class WrongStateError(VisitorError):
    http_status = 409
    code = "wrong_state"
    message_id = "Langkah ini tidak dapat dilakukan pada status saat ini. Muat ulang halaman."
    message_en = "This step is not possible in the current state. Reload the page."


class PageRangeError(common.PageRangeError, VisitorError):
    pass


class RetentionPeriodError(VisitorError):
    code = "retention_invalid"
    message_id = "Masa simpan data harus paling sedikit 1 hari."
    message_en = "The retention period must be at least 1 day."
