"""Reads of page tables: a table as corrected, the tables a reader may see."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from catalogue.models import PageTable, Publication, Softcopy, TableCorrection
from catalogue.selectors.access import Reader, access_levels_for, reads_staff_files


def effective_rows(table: PageTable) -> list[list[str]]:
    """The table's cells as printed, with every staff correction applied in order."""
    rows = [list(r) for r in table.data.get("rows", [])]
    corrections = table.corrections.all()
    for fix in sorted(corrections, key=lambda c: (c.created_at, c.pk)):
        rows = apply_correction(rows, fix)
    return rows


def apply_correction(rows: list[list[str]], fix: TableCorrection) -> list[list[str]]:
    """One correction on a grid (a correction that no longer fits is skipped)."""
    if fix.kind == TableCorrection.Kind.CELL:
        if 0 <= fix.row < len(rows) and 0 <= fix.col < len(rows[fix.row]):
            rows[fix.row][fix.col] = fix.text
        return rows
    c = fix.col
    out = []
    for row in rows:
        row = list(row)
        if fix.kind == TableCorrection.Kind.MERGE_COLUMNS and c + 1 < len(row):
            row[c : c + 2] = [" ".join(t for t in row[c : c + 2] if t)]
        elif fix.kind == TableCorrection.Kind.SPLIT_COLUMN and c < len(row):
            head, _, tail = row[c].rpartition(" ")
            row[c : c + 1] = [head, tail] if head else ["", tail]
        out.append(row)
    return out


def effective_columns(table: PageTable) -> list[str]:
    """Column names, following merged or split columns."""
    names = list(table.data.get("column_names", []))
    for fix in table.corrections.exclude(kind=TableCorrection.Kind.CELL):
        c = fix.col
        if fix.kind == TableCorrection.Kind.MERGE_COLUMNS and c + 1 < len(names):
            names[c : c + 2] = [" / ".join(n for n in names[c : c + 2] if n)]
        elif fix.kind == TableCorrection.Kind.SPLIT_COLUMN and c < len(names):
            names[c : c + 1] = [names[c], ""]
    return names


def readable_tables(user: Reader) -> QuerySet[PageTable]:
    """Tables of softcopies this reader may open (the softcopy's access rule)."""
    found = PageTable.objects.select_related("softcopy", "softcopy__publication")
    if reads_staff_files(user):
        return found
    return found.filter(
        softcopy__access_level__in=access_levels_for(user),
        softcopy__publication__visibility=Publication.Visibility.PUBLIC,
        softcopy__publication__deleted_at__isnull=True,
    )


def softcopy_tables(softcopy: Softcopy) -> QuerySet[PageTable]:
    """A softcopy's tables in page order, with their corrections."""
    return (
        PageTable.objects.filter(softcopy=softcopy)
        .order_by("page", "ordinal")
        .prefetch_related("corrections")
    )


def table_at(*, softcopy_id: int, page: int) -> list[PageTable]:
    """The tables of one page (to show a search hit's table)."""
    return list(PageTable.objects.filter(softcopy_id=softcopy_id, page=page).order_by("ordinal"))


def _tokens(q: str) -> list[str]:
    return [t for t in re.split(r"[\s\"'()]+", q.lower()) if len(t) > 1]


def tables_matching(pages: set[tuple[int, int]], q: str) -> dict[tuple[int, int], list[PageTable]]:
    """For search hits (softcopy, page): the tables there whose title or cells hold a
    word of the query — the hit falls inside that table. One query for all hits."""
    tokens = _tokens(q)
    if not pages or not tokens:
        return {}
    softcopies = {s for s, _ in pages}
    found: dict[tuple[int, int], list[PageTable]] = {}
    for table in PageTable.objects.filter(softcopy_id__in=softcopies).order_by("page", "ordinal"):
        key = (table.softcopy_id, table.page)
        if key not in pages:
            continue
        rows = table.data.get("rows", [])
        text = " ".join([table.number, table.title, table.title_en, *(" ".join(r) for r in rows)])
        words = set(text.lower().split())
        if any(t in words or t in table.title.lower() for t in tokens):
            found.setdefault(key, []).append(table)
    return found
