"""MARC21 exchange of the catalogue: ISO 2709 and MARCXML, export and import.

The tags are documented in docs/catalogue-marc.md (mapping in ``marc_write`` and
``marc_read``, files in ``marc_files``). An import checks every record before writing
any, as the CSV import does: a file with errors imports nothing unless asked to skip
the invalid records.
"""

from __future__ import annotations

from typing import BinaryIO

from catalogue.exchange.importing import Candidate, ImportReport, import_candidates
from catalogue.exchange.marc_files import (
    ISO2709,
    MARCXML,
    MarcWriteError,
    NotXmlSafeError,
    RecordTooLongError,
    detect_format,
    read_records,
    write_iso2709,
    write_marcxml,
)
from catalogue.exchange.marc_read import record_to_candidate
from catalogue.exchange.marc_write import publication_to_record
from catalogue.selectors.publications import publication_list_for_export

__all__ = [
    "ISO2709",
    "MARCXML",
    "MarcWriteError",
    "NotXmlSafeError",
    "RecordTooLongError",
    "detect_format",
    "publication_export_marc",
    "publication_import_marc",
]

RECORD_UNIT = ("rekaman", "record")


def publication_export_marc(
    *, out: BinaryIO, file_format: str = ISO2709, include_deleted: bool = False
) -> int:
    """Write every publication (and its holdings) as MARC; returns how many records.

    Raises ``RecordTooLongError`` when a record does not fit ISO 2709 (MARCXML has no
    length limit) and ``NotXmlSafeError`` when one holds control characters XML cannot.
    """
    records = (
        publication_to_record(publication)
        for publication in publication_list_for_export(include_deleted=include_deleted)
    )
    if file_format == MARCXML:
        return write_marcxml(records, out)
    return write_iso2709(records, out)


def publication_import_marc(
    *,
    data: bytes,
    file_format: str | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    update: bool = False,
) -> ImportReport:
    """Read ISO 2709 or MARCXML (``file_format`` None: judged by the content), check every
    record, then import all of them, or none when any is invalid (see csv_io)."""
    report = ImportReport(dry_run=dry_run, unit=RECORD_UNIT)
    file_format = file_format or detect_format(data[:4096])
    if file_format not in (ISO2709, MARCXML) or detect_format(data[:4096]) != file_format:
        candidate = Candidate(number=1, fields={}, holdings=[])
        wanted = file_format or "MARC"
        candidate.error("", "not_marc", _NOT_MARC, f"{wanted}?")
        report.errors.extend(candidate.errors)
        return report
    candidates = []
    for result in read_records(data, file_format):
        report.rows += 1
        if result.record is None:
            candidate = Candidate(number=result.number, fields={}, holdings=[])
            assert result.problem is not None
            candidate.error("", result.problem.code, result.problem.message, result.problem.detail)
        else:
            candidate = record_to_candidate(result.number, result.record)
        candidates.append(candidate)
    if not candidates:
        empty = Candidate(number=1, fields={}, holdings=[])
        empty.error("", "empty_file", _EMPTY)
        report.errors.extend(empty.errors)
        return report
    return import_candidates(
        candidates, report, skip_invalid=skip_invalid, dry_run=dry_run, update=update
    )


_NOT_MARC = (
    "Berkas ini bukan MARC (ISO 2709) atau MARCXML.",
    "This file is neither MARC (ISO 2709) nor MARCXML.",
)
_EMPTY = ("Berkas tidak berisi rekaman MARC.", "The file holds no MARC records.")
