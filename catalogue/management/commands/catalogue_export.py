"""``pustaka catalogue_export [FILE] [--format csv|marc|marcxml|dc] [--include-deleted]``.

CSV columns are documented in docs/catalogue-csv.md, MARC tags in docs/catalogue-marc.md.
Without FILE the export goes to standard output. CSV is UTF-8 with a byte-order mark,
so spreadsheet programs read it right; MARC is UTF-8 (leader/09 = a).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.exchange.csv_io import publication_export_csv
from catalogue.exchange.marc import MarcWriteError, publication_export_marc
from catalogue.selectors.publications import publication_list_for_export

FORMATS = ("csv", "marc", "marcxml", "dc")
EX_DATAERR, EX_CANTCREAT = 65, 73


class Command(BaseCommand):
    help = "Export the catalogue (publications and their holdings) as CSV, MARC or MARCXML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="file to write (default: stdout)")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default=None,
            help="csv (default), marc (ISO 2709), marcxml, or dc (oai_dc records); "
            "without it a FILE's extension .mrc/.xml chooses marc/marcxml",
        )
        parser.add_argument(
            "--include-deleted",
            action="store_true",
            help="also write deleted records (CSV deleted_at; MARC leader/05 d)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path | None = options["file"]
        file_format = options["format"] or _format_of(target)
        deleted = options["include_deleted"]
        if file_format == "csv":
            self._csv(target, include_deleted=deleted)
            return
        buffer = io.BytesIO()
        try:
            count = self._binary(buffer, file_format, include_deleted=deleted)
        except MarcWriteError as exc:
            message_id, message_en = exc.message
            raise CommandError(
                f"{message_id} / {message_en} [{exc}]", returncode=EX_DATAERR
            ) from exc
        if target is None:  # UTF-8 throughout (ISO 2709's separators are ASCII controls)
            self.stdout.write(buffer.getvalue().decode("utf-8"), ending="")
            return
        try:
            target.write_bytes(buffer.getvalue())
        except OSError as exc:
            raise CommandError(f"cannot write {target}: {exc}", returncode=EX_CANTCREAT) from exc
        self.stderr.write(f"{count} publikasi/publications -> {target}")

    def _csv(self, target: Path | None, *, include_deleted: bool) -> None:
        if target is None:
            buffer = io.StringIO()
            publication_export_csv(out=buffer, include_deleted=include_deleted)
            self.stdout.write(buffer.getvalue(), ending="")
            return
        try:
            with target.open("w", encoding="utf-8-sig", newline="") as out:
                count = publication_export_csv(out=out, include_deleted=include_deleted)
        except OSError as exc:
            raise CommandError(f"cannot write {target}: {exc}", returncode=EX_CANTCREAT) from exc
        self.stderr.write(f"{count} publikasi/publications -> {target}")

    def _binary(self, out: BinaryIO, file_format: str, *, include_deleted: bool) -> int:
        if file_format == "dc":
            # imported here: the Dublin Core writer is its own module (shared with OAI-PMH)
            from catalogue.exchange.dublin_core import write_oai_dc_collection

            publications = publication_list_for_export(include_deleted=False)
            return write_oai_dc_collection(publications, out)
        return publication_export_marc(
            out=out, file_format=file_format, include_deleted=include_deleted
        )


def _format_of(target: Path | None) -> str:
    suffix = target.suffix.lower() if target else ""
    return {".mrc": "marc", ".marc": "marc", ".xml": "marcxml"}.get(suffix, "csv")
