"""``pustaka catalogue_import FILE [--format csv|marc|marcxml] [--skip-invalid] [--update]
[--dry-run] [--json]``.

The format is judged by the content when ``--format`` is left out (ISO 2709 and MARCXML
are recognised; anything else is read as CSV). Every row or record is checked first; a
file with invalid ones imports nothing (exit 65) unless ``--skip-invalid`` (alias
``--skip-errors``), which imports the valid ones and still exits 65 after listing the
others. ``--update`` changes the one live record a row repeats instead of refusing it.
``--dry-run`` checks and reports without writing.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.errors import CatalogueError
from catalogue.exchange.csv_io import publication_import_csv
from catalogue.exchange.importing import ImportReport
from catalogue.exchange.marc import detect_format, publication_import_marc

EX_DATAERR, EX_NOINPUT = 65, 66
MARC_SUFFIXES = (".mrc", ".marc", ".iso", ".xml")


class Command(BaseCommand):
    help = (
        "Import publications and their holdings from CSV, MARC (ISO 2709) or MARCXML "
        "(see docs/catalogue-csv.md and docs/catalogue-marc.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--format",
            choices=("csv", "marc", "marcxml"),
            default=None,
            help="the file's format (default: judged by its content)",
        )
        parser.add_argument(
            "--skip-invalid",
            "--skip-errors",
            dest="skip_invalid",
            action="store_true",
            help="import the valid rows/records, report the rest",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="a row/record repeating one live record updates it instead of being refused",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}", returncode=EX_NOINPUT) from exc
        file_format = options["format"] or _guess_format(path, data)
        flags = {
            "skip_invalid": options["skip_invalid"],
            "dry_run": options["dry_run"],
            "update": options["update"],
        }
        try:
            if file_format == "csv":
                text = data.decode("utf-8-sig")
                report = publication_import_csv(source=io.StringIO(text, newline=""), **flags)
            else:
                report = publication_import_marc(data=data, file_format=file_format, **flags)
        except UnicodeDecodeError as exc:
            raise CommandError(f"cannot read {path}: {exc}", returncode=EX_NOINPUT) from exc
        except CatalogueError as exc:
            raise CommandError(f"{exc.message_id} / {exc.message_en} {exc.detail}") from exc
        self._print(report, as_json=options["json"])
        if report.errors:
            unit = "/".join(report.unit)
            raise CommandError(
                f"{len(report.invalid_rows)} {unit} tidak sah / invalid", returncode=EX_DATAERR
            )

    def _print(self, report: ImportReport, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "rows": report.rows,
                        "valid_rows": report.valid_rows,
                        "imported": report.imported,
                        "updated": report.updated,
                        "dry_run": report.dry_run,
                        "errors": [error.as_dict() for error in report.errors],
                    },
                    ensure_ascii=False,
                )
            )
            return
        unit = "/".join(report.unit)
        for error in report.errors:
            where = f"{unit} {error.row}"
            if error.record_id:
                where += f" (001 {error.record_id})"
            if error.column:
                where += f", kolom/column {error.column}"
            detail = f" [{error.detail}]" if error.detail else ""
            self.stdout.write(f"{where}: {error.message_id} / {error.message_en}{detail}")
        verb = "akan diimpor/would be imported" if report.dry_run else "diimpor/imported"
        count = report.valid_rows if report.dry_run else len(report.imported)
        if report.errors and not report.dry_run and not (report.imported or report.updated):
            count, verb = 0, "diimpor/imported (berkas berisi galat/file has errors)"
        self.stdout.write(
            f"{count} dari/of {report.rows} {report.unit[0]}/{report.unit[1]}s {verb}"
        )
        if report.updated:
            self.stdout.write(f"{len(report.updated)} diperbarui/updated")


def _guess_format(path: Path, data: bytes) -> str:
    """By content first; a MARC-looking name with unreadable content still goes to the
    MARC reader, which says clearly that it is not MARC."""
    detected = detect_format(data[:4096])
    if detected:
        return detected
    return "marc" if path.suffix.lower() in MARC_SUFFIXES else "csv"
