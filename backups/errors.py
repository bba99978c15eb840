"""The backups package's exception base: exit code and a message in Indonesian and English."""

from __future__ import annotations

from common.errors import PustakaError


class BackupError(PustakaError):
    """Base of every error a backup, verify or restore raises on purpose."""

    code = "backup_error"
    message_id = "Cadangan tidak dapat dibuat atau dipulihkan."
    message_en = "The backup cannot be made or restored."

    def __str__(self) -> str:
        text = f"{self.message_id} / {self.message_en}"
        return f"{text} ({self.detail})" if self.detail else text


class BackupFolderError(BackupError):
    """The backup folder is missing, not writable, or not a folder."""

    exit_code = 73  # EX_CANTCREAT
    code = "backup_folder"
    message_id = "Folder cadangan tidak dapat ditulisi (apakah disk USB/NAS sudah terpasang?)."
    message_en = "The backup folder cannot be written (is the USB disk/NAS mounted?)."


class BackupBusyError(BackupError):
    """Another backup or prune holds the folder's lock."""

    exit_code = 75  # EX_TEMPFAIL
    retryable = True
    code = "backup_busy"
    message_id = "Pencadangan lain sedang berjalan di folder ini; coba lagi nanti."
    message_en = "Another backup is running in this folder; try again later."


class DatabaseDumpError(BackupError):
    """The database could not be copied (pg_dump/pg_restore failed, or is missing)."""

    exit_code = 70  # EX_SOFTWARE
    code = "database_dump"
    message_id = "Basis data tidak dapat disalin."
    message_en = "The database could not be copied."


class ArchiveNotFoundError(BackupError):
    exit_code = 66  # EX_NOINPUT
    code = "archive_not_found"
    message_id = "Arsip cadangan tidak ditemukan."
    message_en = "The backup archive was not found."


class ArchiveCorruptError(BackupError):
    """The archive is incomplete or a file in it does not match its recorded sha256."""

    exit_code = 65  # EX_DATAERR
    code = "archive_corrupt"
    message_id = "Arsip cadangan rusak atau tidak lengkap; tidak ada yang dipulihkan."
    message_en = "The backup archive is damaged or incomplete; nothing was restored."


class ArchiveIncompatibleError(BackupError):
    """The archive was made by a newer Pustaka (migrations this code does not know)."""

    exit_code = 65
    code = "archive_incompatible"
    message_id = "Arsip dibuat oleh versi Pustaka yang lebih baru; perbarui Pustaka dahulu."
    message_en = "The archive was made by a newer Pustaka; upgrade Pustaka first."


class InstallationNotEmptyError(BackupError):
    exit_code = 4
    code = "installation_not_empty"
    message_id = (
        "Instalasi ini sudah berisi data; pemulihan hanya ke instalasi kosong "
        "(atau gunakan --force untuk menimpanya)."
    )
    message_en = (
        "This installation already holds data; restore only onto an empty one "
        "(or use --force to overwrite it)."
    )


class RestoreMismatchError(BackupError):
    """The database was put back but does not hold what the archive recorded."""

    exit_code = 70  # EX_SOFTWARE
    code = "restore_mismatch"
    message_id = (
        "Basis data yang dipulihkan tidak sama dengan catatan arsip; jangan gunakan "
        "instalasi ini, ulangi pemulihan dengan --force atau dari arsip lain."
    )
    message_en = (
        "The restored database does not match what the archive recorded; do not use this "
        "installation, restore again with --force or from another archive."
    )
