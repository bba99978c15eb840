"""What every catalogue import shares, whatever the file format (CSV, MARC, MARCXML).

A format reader turns each row or record into a ``Candidate`` (cleaned fields, holdings,
errors found so far). This module then checks the candidates against the catalogue and
each other (duplicates, barcodes), and writes them all in one transaction, or none when
any is invalid, unless the caller asks to skip the invalid ones. With ``update`` a
candidate that repeats exactly one live record changes that record instead of being
refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from catalogue.errors import CatalogueError, InvalidFieldError
from catalogue.models import Holding, Publication
from catalogue.selectors.publications import publication_duplicates
from catalogue.services.holdings import holding_create
from catalogue.services.publications import (
    publication_create,
    publication_delete,
    publication_update,
)
from catalogue.validation import check_choice, clean_publication


@dataclass(frozen=True)
class RowError:
    """What is wrong where. ``row`` is the row (CSV, header = 1) or record (MARC, first = 1)
    number; ``record_id`` the record's own control number (MARC 001) when it has one."""

    row: int
    column: str
    code: str
    message_id: str
    message_en: str
    detail: str = ""
    record_id: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "record_id": self.record_id,
            "column": self.column,
            "code": self.code,
            "id": self.message_id,
            "en": self.message_en,
            "detail": self.detail,
        }


@dataclass
class ImportReport:
    rows: int = 0
    imported: list[int] = field(default_factory=list)  # ids of the new publications
    updated: list[int] = field(default_factory=list)  # ids of records changed (``update``)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    valid_rows: int = 0
    unit: tuple[str, str] = ("baris", "row")  # what ``row`` counts, Indonesian/English

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Candidate:
    """One row or record, read and cleaned, waiting to be written."""

    number: int
    fields: dict[str, Any]
    holdings: list[dict[str, Any]]
    deleted_at: dt.datetime | None = None
    record_id: str = ""
    errors: list[RowError] = field(default_factory=list)
    target: int | None = None  # the record an ``update`` import changes

    def error(self, column: str, code: str, message: tuple[str, str], detail: str = "") -> None:
        self.errors.append(
            RowError(self.number, column, code, message[0], message[1], detail, self.record_id)
        )

    def field_error(self, exc: CatalogueError, *, column: str = "", detail: str = "") -> None:
        self.errors.append(
            RowError(
                self.number,
                column or getattr(exc, "field", ""),
                exc.code,
                exc.message_id,
                exc.message_en,
                detail or exc.detail,
                self.record_id,
            )
        )


def import_candidates(
    candidates: list[Candidate],
    report: ImportReport,
    *,
    skip_invalid: bool,
    dry_run: bool,
    update: bool = False,
) -> ImportReport:
    """Check the candidates against the catalogue, then write all, the valid ones, or none."""
    check_against_catalogue([c for c in candidates if not c.errors], report.unit, update=update)
    for candidate in candidates:
        report.errors.extend(candidate.errors)
    valid = [candidate for candidate in candidates if not candidate.errors]
    report.valid_rows = len(valid)
    if (report.errors and not skip_invalid) or dry_run:
        return report
    with transaction.atomic():
        for candidate in valid:
            publication = _write(candidate)
            (report.updated if candidate.target else report.imported).append(publication.pk)
    return report


def check_against_catalogue(
    candidates: list[Candidate], unit: tuple[str, str] = ("baris", "row"), *, update: bool = False
) -> None:
    """Duplicates of live records or of earlier candidates, and barcodes already in use."""
    seen: dict[tuple[object, ...], int] = {}
    barcodes: dict[str, int] = {}
    taken = dict(
        Holding.objects.filter(
            barcode__in=[h["barcode"] for c in candidates for h in c.holdings]
        ).values_list("barcode", "publication_id")
    )
    for candidate in candidates:
        if candidate.deleted_at is None:
            _check_duplicates(candidate, seen, unit, update=update)
        for holding in candidate.holdings:
            barcode = holding["barcode"]
            owner = taken.get(barcode)
            if owner is not None and not (candidate.target and owner == candidate.target):
                candidate.error("holdings", "duplicate_barcode", TAKEN, barcode)
            elif barcode in barcodes:
                detail = f"{barcode} ({unit[0]}/{unit[1]} {barcodes[barcode]})"
                candidate.error("holdings", "duplicate_barcode", TAKEN, detail)
            else:
                barcodes[barcode] = candidate.number
        if candidate.errors:  # a later one must not be refused because of a skipped one
            for key in [key for key, number in seen.items() if number == candidate.number]:
                del seen[key]
            for code in [code for code, number in barcodes.items() if number == candidate.number]:
                del barcodes[code]


def _check_duplicates(
    candidate: Candidate,
    seen: dict[tuple[object, ...], int],
    unit: tuple[str, str],
    *,
    update: bool,
) -> None:
    values = candidate.fields
    period = (values.get("year"), values.get("period", ""))
    keys: list[tuple[str, tuple[object, ...]]] = []
    if values.get("catalogue_number"):
        keys.append(("catalogue_number", ("catalogue_number", values["catalogue_number"], *period)))
    if values.get("publication_number"):
        keys.append(("publication_number", ("publication_number", values["publication_number"])))
    for column in ("issn_print", "issn_electronic"):
        if values.get(column):
            keys.append((column, ("issn", values[column], *period)))
    for column, key in keys:
        if key in seen and seen[key] != candidate.number:
            detail = f"{key[1]} ({unit[0]}/{unit[1]} {seen[key]})"
            candidate.error(column, "duplicate_publication", DUPLICATE, detail)
        seen.setdefault(key, candidate.number)
    found = publication_duplicates(
        catalogue_number=values.get("catalogue_number", ""),
        publication_number=values.get("publication_number", ""),
        issn_print=values.get("issn_print", ""),
        issn_electronic=values.get("issn_electronic", ""),
        year=values.get("year"),
        period=values.get("period", ""),
    )
    owners = {duplicate.publication_id for duplicate in found}
    if update and len(owners) == 1:
        candidate.target = owners.pop()
        return
    for duplicate in found:
        column = duplicate.kind
        if column == "issn":
            print_issn = values.get("issn_print", "")
            column = (
                "issn_print" if print_issn and print_issn in duplicate.value else "issn_electronic"
            )
        message = AMBIGUOUS if update else DUPLICATE
        candidate.error(column, "duplicate_publication", message, duplicate.describe())


def _write(candidate: Candidate) -> Publication:
    fields = dict(candidate.fields)
    if candidate.target is not None:
        publication = Publication.objects.get(pk=candidate.target)
        # only what the file gives changes (a CSV column left out keeps the stored value)
        publication_update(publication=publication, **fields)
        known = set(publication.holdings.values_list("barcode", flat=True))
        for holding in candidate.holdings:
            if holding["barcode"] not in known:  # a copy already there stays as it is
                holding_create(publication=publication, **holding)
        return publication
    title = fields.pop("title")
    deleted = candidate.deleted_at is not None
    publication = publication_create(title=title, allow_duplicate=deleted, **fields)
    for holding in candidate.holdings:
        holding_create(publication=publication, **holding)
    if candidate.deleted_at is not None:
        publication_delete(publication=publication, deleted_at=candidate.deleted_at)
    return publication


TAKEN = ("Kode eksemplar (barkode) sudah dipakai.", "The item barcode is already in use.")
DUPLICATE = (
    "Publikasi ini tampaknya sudah ada di katalog.",
    "This publication appears to be in the catalogue already.",
)
AMBIGUOUS = (
    "Publikasi ini cocok dengan lebih dari satu rekaman katalog; tidak jelas mana yang diubah.",
    "This publication matches more than one catalogue record; which one to update is unclear.",
)


def clean_record(raw: dict[str, Any]) -> tuple[dict[str, Any], list[InvalidFieldError]]:
    """``clean_publication`` plus the publication's ``kind`` (a choice, blank = other)."""
    fields = dict(raw)
    kind = fields.pop("kind", None)
    cleaned, errors = clean_publication(fields)
    if kind is not None:
        try:
            cleaned["kind"] = check_choice(
                kind or Publication.Kind.OTHER, Publication.Kind, field="kind"
            )
        except InvalidFieldError as exc:
            errors.append(exc)
    return cleaned, errors
