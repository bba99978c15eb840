"""``pustaka catalogue_import FILE.csv [--skip-invalid] [--dry-run]``.

Every row is checked first; a file with invalid rows imports nothing (exit 65) unless
``--skip-invalid``, which imports the valid rows and still exits 65 after listing the
others. ``--dry-run`` checks and reports without writing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.errors import CatalogueError
from catalogue.exchange.csv_io import ImportReport, publication_import_csv

EX_DATAERR, EX_NOINPUT = 65, 66


class Command(BaseCommand):
    help = "Import publications and their holdings from CSV (see docs/catalogue-csv.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE.csv")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the rest"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open(encoding="utf-8-sig", newline="") as source:
                report = publication_import_csv(
                    source=source,
                    skip_invalid=options["skip_invalid"],
                    dry_run=options["dry_run"],
                )
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}", returncode=EX_NOINPUT) from exc
        except CatalogueError as exc:
            raise CommandError(f"{exc.message_id} / {exc.message_en} {exc.detail}") from exc
        self._print(report, as_json=options["json"])
        if report.errors:
            raise CommandError(
                f"{len(report.invalid_rows)} baris tidak sah / invalid rows", returncode=EX_DATAERR
            )

    def _print(self, report: ImportReport, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "rows": report.rows,
                        "valid_rows": report.valid_rows,
                        "imported": report.imported,
                        "dry_run": report.dry_run,
                        "errors": [error.as_dict() for error in report.errors],
                    },
                    ensure_ascii=False,
                )
            )
            return
        for error in report.errors:
            where = f"baris/row {error.row}" + (
                f", kolom/column {error.column}" if error.column else ""
            )
            detail = f" [{error.detail}]" if error.detail else ""
            self.stdout.write(f"{where}: {error.message_id} / {error.message_en}{detail}")
        verb = "akan diimpor/would be imported" if report.dry_run else "diimpor/imported"
        count = report.valid_rows if report.dry_run else len(report.imported)
        if report.errors and not report.dry_run and not report.imported:
            count, verb = 0, "diimpor/imported (berkas berisi galat/file has errors)"
        self.stdout.write(f"{count} dari/of {report.rows} baris/rows {verb}")
