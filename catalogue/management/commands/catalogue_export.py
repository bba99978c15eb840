"""``pustaka catalogue_export [FILE.csv]``: every publication with its holdings, as CSV.

The columns are documented in docs/catalogue-csv.md; without FILE the CSV goes to
standard output. UTF-8 with a byte-order mark, so spreadsheet programs read it right.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.exchange.csv_io import publication_export_csv


class Command(BaseCommand):
    help = "Export the catalogue (publications and their holdings) as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", type=Path, help="CSV file to write (default: stdout)"
        )
        parser.add_argument(
            "--include-deleted",
            action="store_true",
            help="also write deleted records (with their deleted_at)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path | None = options["file"]
        if target is None:
            buffer = io.StringIO()
            publication_export_csv(out=buffer, include_deleted=options["include_deleted"])
            self.stdout.write(buffer.getvalue(), ending="")
            return
        try:
            with target.open("w", encoding="utf-8-sig", newline="") as out:
                count = publication_export_csv(out=out, include_deleted=options["include_deleted"])
        except OSError as exc:
            raise CommandError(f"cannot write {target}: {exc}", returncode=73) from exc
        self.stderr.write(f"{count} publikasi/publications -> {target}")
