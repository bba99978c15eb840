"""``pustaka restore ARCHIVE``: bring a backup back onto an empty installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.errors import BackupError
from backups.layout import resolve_archive
from backups.restore import backup_restore
from catalogue.errors import StorageFullError


class Command(BaseCommand):
    # No system checks: a backup or restore must work even when something else is amiss.
    requires_system_checks: list[str] = []
    help = (
        "Restore a backup (a folder printed by `pustaka backup`, a backup's name, or "
        "'latest') onto an empty installation: every record and file, hash-checked, "
        "then the search indexes are rebuilt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="overwrite an installation that holds data"
        )
        parser.add_argument(
            "--no-reindex",
            action="store_true",
            help="queue the search rebuild for the running stack instead of doing it now",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        say = lambda line: self.stderr.write(f"  {line}")  # noqa: E731
        try:
            archive = resolve_archive(options["archive"], Path(settings.BACKUP_DIR))
            report = backup_restore(
                archive=archive,
                force=options["force"],
                reindex=not options["no_reindex"],
                progress=say,
            )
        except BackupError as exc:
            raise CommandError(str(exc), returncode=exc.exit_code) from exc
        except StorageFullError as exc:  # the storage disk filled up while files came back
            raise CommandError(
                f"{exc.message_id} / {exc.message_en} ({exc.detail})", returncode=75
            ) from exc
        self.stdout.write(
            f"Dipulihkan / restored: {archive.name} — {report.files} berkas / files, "
            f"{sum(report.counts.values())} baris / rows"
        )
        if "pages" in report.search:
            self.stdout.write(
                f"Indeks pencarian dibangun ulang / search rebuilt: {report.search['pages']} "
                "halaman / pages"
            )
        else:
            self.stdout.write(
                "Indeks pencarian akan dibangun saat Pustaka berjalan / the search indexes "
                f"will be built while Pustaka runs ({report.search['queued']} in the outbox)"
            )
