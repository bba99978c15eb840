"""CSV exchange of publications with their subjects, contributors and holdings.

One row per publication; the columns are documented in ``docs/catalogue-csv.md``.
Lists sit in one cell as ``<item><item>`` (as SLiMS writes authors and topics), the
parts of an item separated by ``|``, and ``\\``, ``<``, ``>`` and ``|`` escaped with a
backslash. An import checks every row before writing any: a file with errors imports
nothing unless asked to skip the invalid rows.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any, TextIO

from catalogue.errors import InvalidFieldError
from catalogue.exchange.cells import cell_restore, safe_row
from catalogue.exchange.importing import (
    Candidate,
    ImportReport,
    RowError,
    clean_record,
    import_candidates,
)
from catalogue.models import Holding, Publication
from catalogue.selectors.publications import publication_credits, publication_list_for_export
from catalogue.services.publications import check_cover
from catalogue.validation import ContributorSpec, clean_holding, parse_datetime

__all__ = [
    "COLUMNS",
    "ImportReport",
    "RowError",
    "decode_items",
    "encode_items",
    "publication_export_csv",
    "publication_import_csv",
]

HOLDING_PARTS = (*Holding.EDITABLE_FIELDS, "status_changed_at")
COLUMNS = (
    "id",
    "title",
    "subtitle",
    "kind",
    "catalogue_number",
    "publication_number",
    "issn_print",
    "issn_electronic",
    "isbn",
    "release_date",
    "scheduled_date",
    "year",
    "period",
    "frequency",
    "area_code",
    "area_name",
    "subjects",
    "language",
    "abstract",
    "publisher",
    "contributors",
    "edition",
    "pages",
    "notes",
    "cover",
    "visibility",
    "holdings",
    "deleted_at",
    "created_at",
    "modified_at",
)
INFORMATIVE = frozenset({"id", "created_at", "modified_at"})  # written, ignored on import
# Lists in one cell, a file name, and the soft-delete time: everything else is plain text.
STRUCTURED = frozenset({"subjects", "contributors", "holdings", "cover", "deleted_at"})
TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in INFORMATIVE | STRUCTURED)
HEADER_ROW = 1


# --- cells holding lists ------------------------------------------------------------


def _escape(text: str) -> str:
    for char in "\\<>|":
        text = text.replace(char, "\\" + char)
    return text


def encode_items(items: list[list[str]]) -> str:
    """``[["a", "b"], ["c"]]`` -> ``<a|b><c>``."""
    return "".join("<" + "|".join(_escape(part) for part in item) + ">" for item in items)


def decode_items(cell: str) -> list[list[str]]:
    """The inverse of ``encode_items``; a cell without ``<`` is a single item."""
    text = cell.strip()
    if not text:
        return []
    if not text.startswith("<"):
        parts, end = _read_item(text + ">", 0)
        if end != len(text) + 1:
            raise ValueError(f"unescaped '>' at character {end}")
        return [parts]
    items: list[list[str]] = []
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        if text[position] != "<":
            raise ValueError(f"expected '<' at character {position + 1}")
        parts, position = _read_item(text, position + 1)
        items.append(parts)
    return items


def _read_item(text: str, position: int) -> tuple[list[str], int]:
    parts, current = [], []
    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text):
            current.append(text[position + 1])
            position += 2
            continue
        if char == ">":
            parts.append("".join(current))
            return parts, position + 1
        if char == "<":
            raise ValueError(f"unescaped '<' at character {position + 1}")
        if char == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        position += 1
    raise ValueError("an item is not closed with '>'")


# --- export -------------------------------------------------------------------------


def publication_export_csv(*, out: TextIO, include_deleted: bool = False) -> int:
    """Write every publication (and its holdings) to ``out``; returns how many rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for publication in publication_list_for_export(include_deleted=include_deleted):
        row = _export_row(publication)
        writer.writerow(safe_row(row[column] for column in COLUMNS))
        count += 1
    return count


def _export_row(publication: Publication) -> dict[str, str]:
    row = {column: _text(getattr(publication, column)) for column in TEXT_COLUMNS}
    row["id"] = str(publication.pk)
    row["subjects"] = encode_items([[subject.name] for subject in publication.subjects.all()])
    row["contributors"] = encode_items(
        [
            [credit.contributor.name, credit.role, credit.contributor.kind]
            for credit in publication_credits(publication=publication)
        ]
    )
    holdings = sorted(publication.holdings.all(), key=lambda holding: holding.pk)
    row["holdings"] = encode_items(
        [[_text(getattr(holding, part)) for part in HOLDING_PARTS] for holding in holdings]
    )
    row["cover"] = publication.cover.name or ""
    for column in ("deleted_at", "created_at", "modified_at"):
        row[column] = _text(getattr(publication, column))
    return row


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


# --- import -------------------------------------------------------------------------


def publication_import_csv(
    *, source: TextIO, skip_invalid: bool = False, dry_run: bool = False, update: bool = False
) -> ImportReport:
    """Check every row, then import all of them, or none when any is invalid.

    With ``skip_invalid`` the valid rows are imported and the others reported; with
    ``dry_run`` nothing is written either way; with ``update`` a row that repeats one
    live record (see ``importing``) changes that record.
    """
    report = ImportReport(dry_run=dry_run)
    reader = csv.reader(source)
    header = next(reader, None)
    columns, header_errors = _read_header(header)
    if header_errors:
        report.errors.extend(header_errors)
        return report
    rows: list[Candidate] = []
    number = HEADER_ROW
    try:
        for number, cells in enumerate(reader, start=HEADER_ROW + 1):
            if not any(cell.strip() for cell in cells):
                continue
            report.rows += 1
            rows.append(_parse_row(number, columns, [cell_restore(cell) for cell in cells]))
    except csv.Error as exc:  # not CSV at all (a NUL byte, an endless quoted cell, ...)
        report.errors.append(_error(number + 1, "", "bad_csv", _BAD_CSV, str(exc)))
        return report
    return import_candidates(
        rows, report, skip_invalid=skip_invalid, dry_run=dry_run, update=update
    )


def _read_header(header: list[str] | None) -> tuple[list[str], list[RowError]]:
    if not header:
        return [], [_error(HEADER_ROW, "", "empty_file", _EMPTY)]
    columns = [name.strip().lstrip("\ufeff").strip().lower() for name in header]
    errors = []
    for name in sorted(set(columns) - set(COLUMNS)):
        errors.append(_error(HEADER_ROW, name, "unknown_column", _UNKNOWN_COLUMN))
    for name in sorted({name for name in columns if columns.count(name) > 1}):
        errors.append(_error(HEADER_ROW, name, "repeated_column", _REPEATED_COLUMN))
    if "title" not in columns:
        errors.append(_error(HEADER_ROW, "title", "missing_column", _MISSING_TITLE))
    return columns, errors


def _parse_row(number: int, columns: list[str], cells: list[str]) -> Candidate:
    row = Candidate(number=number, fields={}, holdings=[])
    if len(cells) > len(columns):
        row.error("", "extra_cells", _EXTRA_CELLS, f"{len(cells)} cells")
        return row
    values = dict(zip(columns, cells, strict=False))
    raw: dict[str, Any] = {name: values[name] for name in TEXT_COLUMNS if name in values}
    for column, read in (("subjects", _subject), ("contributors", _contributor)):
        if column in values:
            try:
                raw[column] = [read(item) for item in decode_items(values[column])]
            except ValueError as exc:
                row.error(column, "bad_list", _BAD_LIST, str(exc))
    cleaned, errors = clean_record(raw)
    for problem in errors:
        row.field_error(problem)
    row.fields = cleaned
    _parse_cover(row, values.get("cover", ""))
    _parse_holdings(row, values.get("holdings", ""))
    if values.get("deleted_at", "").strip():
        try:
            row.deleted_at = parse_datetime(values["deleted_at"], field="deleted_at")
        except InvalidFieldError as exc:
            row.field_error(exc)
    return row


def _subject(item: list[str]) -> str:
    if len(item) != 1:
        raise ValueError("a subject has one part; escape '|' as '\\|'")
    return item[0]


def _contributor(item: list[str]) -> ContributorSpec:
    if not 1 <= len(item) <= 3:
        raise ValueError("a contributor is <name|role|kind>")
    name, role, kind = [*item, "", ""][:3]
    return ContributorSpec(name=name, role=role or "aut", kind=kind or "person")


def _parse_cover(row: Candidate, name: str) -> None:
    name = name.strip()
    if name:
        try:
            row.fields["cover"] = check_cover(name)
        except InvalidFieldError as exc:
            row.field_error(exc)


def _parse_holdings(row: Candidate, cell: str) -> None:
    try:
        items = decode_items(cell)
    except ValueError as bad:
        row.error("holdings", "bad_list", _BAD_LIST, str(bad))
        return
    for index, item in enumerate(items, start=1):
        if len(item) > len(HOLDING_PARTS):
            row.error(
                "holdings", "bad_list", _BAD_LIST, f"eksemplar/item {index}: {len(item)} parts"
            )
            continue
        cleaned, errors = clean_holding(dict(zip(HOLDING_PARTS, item, strict=False)))
        for problem in errors:
            detail = f"eksemplar/item {index}, {problem.field}: {problem.detail}"
            row.field_error(problem, column="holdings", detail=detail)
        row.holdings.append(cleaned)


# --- messages -----------------------------------------------------------------------

_EMPTY = ("Berkas kosong: tidak ada baris judul kolom.", "The file is empty: no header row.")
_BAD_CSV = ("Berkas tidak dapat dibaca sebagai CSV.", "The file cannot be read as CSV.")
_UNKNOWN_COLUMN = ("Kolom tidak dikenal.", "Unknown column.")
_REPEATED_COLUMN = ("Kolom muncul lebih dari sekali.", "The column appears more than once.")
_MISSING_TITLE = ("Kolom title wajib ada.", "The title column is required.")
_EXTRA_CELLS = (
    "Baris berisi lebih banyak sel daripada kolom.",
    "The row has more cells than columns.",
)
_BAD_LIST = (
    "Daftar harus ditulis <butir|bagian><butir>; \\ < > | di dalam nilai diawali \\.",
    "A list is written <item|part><item>; \\ < > | inside a value are escaped with \\.",
)


def _error(
    row: int, column: str, code: str, message: tuple[str, str], detail: str = ""
) -> RowError:
    return RowError(row, column, code, message[0], message[1], detail)
