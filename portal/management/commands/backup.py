"""``pustaka backup [DEST]``, ``--list``, ``--verify ARCHIVE``: see docs/backup.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.errors import ArchiveCorruptError, BackupError
from backups.layout import resolve_archive
from backups.selectors import backup_list, backup_verify
from backups.services import backup_create


class Command(BaseCommand):
    # No system checks: a backup or restore must work even when something else is amiss.
    requires_system_checks: list[str] = []
    help = (
        "Back up the database and every stored file while the library keeps working; "
        "prints the archive's path. --list shows the backups, --verify re-hashes one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", nargs="?", help="backup folder (default PUSTAKA_BACKUP_DIR)")
        parser.add_argument("--list", action="store_true", help="list the backups in the folder")
        parser.add_argument("--verify", metavar="ARCHIVE", help="re-hash every file of a backup")
        parser.add_argument("--keep-all", action="store_true", help="prune no old backup")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(options["dest"] or settings.BACKUP_DIR).expanduser()
        try:
            if options["list"]:
                self._list(root, as_json=options["json"])
            elif options["verify"]:
                self._verify(resolve_archive(options["verify"], root), as_json=options["json"])
            else:
                self._backup(
                    options["dest"], prune=not options["keep_all"], as_json=options["json"]
                )
        except BackupError as exc:
            raise CommandError(str(exc), returncode=exc.exit_code) from exc

    def _backup(self, dest: str | None, *, prune: bool, as_json: bool) -> None:
        say = (lambda _: None) if as_json else (lambda line: self.stderr.write(f"  {line}"))
        result = backup_create(dest=Path(dest) if dest else None, prune=prune, progress=say)
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        for name in result.missing:
            self.stderr.write(
                self.style.WARNING(f"  hilang di penyimpanan / missing in storage: {name}")
            )
        self.stderr.write(
            f"  {result.files} berkas / files ({_mb(result.bytes)}), disalin / copied "
            f"{result.copied_files} ({_mb(result.copied_bytes)}) dalam / in {result.seconds:.1f} s"
        )
        self.stdout.write(str(result.path))

    def _list(self, root: Path, *, as_json: bool) -> None:
        snapshots = backup_list(root)
        if as_json:
            self.stdout.write(json.dumps([s.as_dict() for s in snapshots], ensure_ascii=False))
            return
        if not snapshots:
            self.stdout.write(f"Belum ada cadangan / no backups in {root}")
        for s in snapshots:
            local = s.finished_at.astimezone()
            flag = f"  ({s.missing} hilang / missing)" if s.missing else ""
            self.stdout.write(
                f"{s.name}  {local:%Y-%m-%d %H:%M}  {s.vendor:<10} {s.files:>7} berkas/files "
                f"{_mb(s.bytes):>10}  +{_mb(s.copied_bytes)}{flag}"
            )

    def _verify(self, archive: Path, *, as_json: bool) -> None:
        report = backup_verify(archive, progress=lambda line: self.stderr.write(f"  {line}"))
        if as_json:
            payload = {"archive": str(archive), "ok": report.ok, "files": report.files}
            self.stdout.write(json.dumps(payload | {"problems": report.problems}))
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(f"  {problem}"))
        if not report.ok:
            raise ArchiveCorruptError(f"{len(report.problems)} problem(s) in {archive}")
        if not as_json:
            self.stdout.write(
                f"Utuh / intact: {archive} — {report.files} berkas / files, {_mb(report.bytes)}"
            )


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
