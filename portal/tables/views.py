"""Table edges: one table as XLSX or CSV, a softcopy's tables as one workbook, a table
as JSON (``/api/v1/tables/<id>``). Every one checks the softcopy's access rule first."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from catalogue.models import PageTable, Softcopy
from catalogue.selectors.access import softcopy_readable_by
from catalogue.selectors.tables import effective_columns, effective_rows, softcopy_tables
from portal.publications import queries
from portal.publications.files import _refused
from portal.tables.export import TableSheet, csv_text, workbook_bytes
from workers.pipeline.tables.model import cell_dict

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_of(table: PageTable) -> TableSheet:
    """The table as corrected, with where it came from."""
    softcopy = table.softcopy
    publication = softcopy.publication
    data = table.data
    return TableSheet(
        number=table.number,
        title=table.title,
        title_en=table.title_en,
        publication=publication.title if publication else softcopy.title,
        page=table.page,
        columns=effective_columns(table),
        rows=effective_rows(table),
        header=data.get("header", []) if not _columns_changed(table) else [],
        source=str(data.get("source", "")),
        notes=list(data.get("notes", [])),
        totals=list(data.get("totals", [])),
    )


def _columns_changed(table: PageTable) -> bool:
    return any(c.kind != "cell" for c in table.corrections.all())


def _readable_table(request: HttpRequest, table_id: int) -> PageTable:
    table = get_object_or_404(
        PageTable.objects.select_related("softcopy", "softcopy__publication"), pk=table_id
    )
    queries.readable_softcopy(request.user, table.softcopy_id)  # raises NotReadable
    return table


def _filename(table: PageTable, suffix: str) -> str:
    base = slugify(f"tabel-{table.number}-{table.title}")[:80] or f"tabel-{table.pk}"
    return f"{base}.{suffix}"


@require_GET
def table_xlsx(request: HttpRequest, table_id: int) -> HttpResponseBase:
    """One table as an Excel workbook (one sheet)."""
    try:
        table = _readable_table(request, table_id)
    except queries.NotReadable as refusal:
        return _refused(request, refusal.status)
    response = HttpResponse(workbook_bytes([sheet_of(table)]), content_type=XLSX)
    return _attachment(response, _filename(table, "xlsx"), table.softcopy)


@require_GET
def table_csv(request: HttpRequest, table_id: int) -> HttpResponseBase:
    """One table as CSV (UTF-8 with BOM, so spreadsheets read the accents)."""
    try:
        table = _readable_table(request, table_id)
    except queries.NotReadable as refusal:
        return _refused(request, refusal.status)
    body = "\ufeff" + csv_text(sheet_of(table))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _attachment(response, _filename(table, "csv"), table.softcopy)


@require_GET
def softcopy_tables_xlsx(request: HttpRequest, softcopy_id: int) -> HttpResponseBase:
    """Every table of a softcopy as one workbook, a sheet per table named by its number."""
    try:
        softcopy = queries.readable_softcopy(request.user, softcopy_id)
    except queries.NotReadable as refusal:
        return _refused(request, refusal.status)
    tables = list(softcopy_tables(softcopy).select_related("softcopy__publication"))
    if not tables:
        raise Http404
    response = HttpResponse(workbook_bytes([sheet_of(t) for t in tables]), content_type=XLSX)
    name = slugify(f"tabel-{softcopy.title}")[:80] or f"tabel-{softcopy.pk}"
    return _attachment(response, f"{name}.xlsx", softcopy)


@require_GET
def publication_tables_xlsx(request: HttpRequest, publication_id: int) -> HttpResponseBase:
    """A publication's tables as one workbook: those of its newest softcopy that has
    tables and that this reader may open."""
    candidates = (
        Softcopy.objects.filter(publication_id=publication_id, tables__isnull=False)
        .distinct()
        .order_by("-version", "-pk")
    )
    for candidate in candidates:
        if softcopy_readable_by(candidate, request.user):
            return softcopy_tables_xlsx(request, candidate.pk)
    raise Http404


def _attachment(response: HttpResponse, filename: str, softcopy: Softcopy) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    public = softcopy.access_level == Softcopy.Access.PUBLIC
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


def table_json(table: PageTable) -> dict[str, Any]:
    """The API's table: titles, where it is, header, and every cell with its printed
    text beside its value."""
    rows = effective_rows(table)
    data = table.data
    return {
        "id": table.pk,
        "number": table.number,
        "title": table.title,
        "title_en": table.title_en,
        "softcopy": table.softcopy_id,
        "publication": table.softcopy.publication_id,
        "page": table.page,
        "bbox": data.get("bbox"),
        "columns": effective_columns(table),
        "header": data.get("header", []),
        "rows": [[cell_dict(text, c) for c, text in enumerate(row)] for row in rows],
        "totals": data.get("totals", []),
        "source": data.get("source", ""),
        "notes": data.get("notes", []),
        "corrected": table.corrections.exists(),
        "links": {
            "xlsx": reverse("table-xlsx", args=[table.pk]),
            "csv": reverse("table-csv", args=[table.pk]),
            "viewer": f"{reverse('search-viewer', args=[table.softcopy_id])}"
            f"?halaman={table.page}&tabel={table.pk}",
        },
    }


@require_GET
def api_table(request: HttpRequest, table_id: int) -> HttpResponseBase:
    """``GET /api/v1/tables/<id>``: a table as JSON (the softcopy's access rule)."""
    try:
        table = _readable_table(request, table_id)
    except queries.NotReadable as refusal:
        status = 404 if refusal.status == 404 else refusal.status
        return JsonResponse({"error": "not_readable"}, status=status)
    except Http404:
        return JsonResponse({"error": "not_found"}, status=404)
    return JsonResponse(table_json(table), json_dumps_params={"ensure_ascii": False})
