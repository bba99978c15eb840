"""Writes of page tables: what the extractor found, and staff corrections to it.

Re-processing a page updates its tables in place (matched by their order on the page),
so corrections — kept as their own rows with who and when — are applied again to the
new reading. A table no longer found is deleted unless staff corrected it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from catalogue.errors import InvalidFieldError
from catalogue.models import PageTable, TableCorrection, TablePageScan
from catalogue.selectors.tables import effective_rows


class TableCorrectionError(InvalidFieldError):
    """A correction that does not fit the table (no such row or column)."""

    code = "invalid_table_correction"
    field = "cell"
    message_id = "Koreksi tidak sesuai dengan tabel (baris atau kolom tidak ada)."
    message_en = "The correction does not fit the table (no such row or column)."


def page_tables_record(
    *, softcopy_id: int, page: int, tables: list[dict[str, Any]], source: str, milliseconds: int
) -> list[PageTable]:
    """Store the tables read on one page (``Table.as_dict()`` each), replacing the last
    reading of that page; idempotent."""
    saved = []
    with transaction.atomic():
        existing = {
            t.ordinal: t
            for t in PageTable.objects.select_for_update().filter(
                softcopy_id=softcopy_id, page=page
            )
        }
        for ordinal, data in enumerate(tables, start=1):
            row = existing.pop(ordinal, None) or PageTable(
                softcopy_id=softcopy_id, page=page, ordinal=ordinal
            )
            row.number = str(data.get("number", ""))[:40]
            row.title = str(data.get("title", ""))
            row.title_en = str(data.get("title_en", ""))
            row.data = data
            row.source = source
            row.missing = False
            row.save()
            saved.append(row)
        for stale in existing.values():
            if stale.corrections.exists():
                stale.missing = True
                stale.save(update_fields=["missing"])
            else:
                stale.delete()
        TablePageScan.objects.update_or_create(
            softcopy_id=softcopy_id,
            page=page,
            defaults={"tables": len(tables), "milliseconds": milliseconds},
        )
    return saved


def _author(user: AbstractBaseUser | AnonymousUser | None) -> dict[str, Any]:
    if user is None or not user.is_authenticated:
        return {"author": None, "author_name": ""}
    return {"author": user, "author_name": user.get_username()}


def table_correct_cell(
    *,
    table_id: int,
    row: int,
    col: int,
    text: str,
    user: AbstractBaseUser | AnonymousUser | None,
) -> TableCorrection | None:
    """Set one cell's text as printed; nothing is stored when it already reads so."""
    table = PageTable.objects.get(pk=table_id)
    rows = effective_rows(table)
    if not (0 <= row < len(rows) and 0 <= col < len(rows[row])):
        raise TableCorrectionError(f"cell {row},{col} is outside the table")
    text = " ".join(text.split())
    if rows[row][col] == text:
        return None
    return TableCorrection.objects.create(
        table=table, kind=TableCorrection.Kind.CELL, row=row, col=col, text=text, **_author(user)
    )


def table_fix_columns(
    *, table_id: int, kind: str, col: int, user: AbstractBaseUser | AnonymousUser | None
) -> TableCorrection:
    """Undo a wrong column split: merge column ``col`` with the next, or split it in two
    at the last space of each cell (two columns read as one)."""
    table = PageTable.objects.get(pk=table_id)
    rows = effective_rows(table)
    width = max((len(r) for r in rows), default=0)
    limit = width - 1 if kind == TableCorrection.Kind.MERGE_COLUMNS else width
    if kind not in (TableCorrection.Kind.MERGE_COLUMNS, TableCorrection.Kind.SPLIT_COLUMN):
        raise TableCorrectionError(f"unknown column fix {kind!r}")
    if not 1 <= col < limit:
        raise TableCorrectionError(f"column {col} cannot be changed that way")
    return TableCorrection.objects.create(table=table, kind=kind, col=col, **_author(user))
