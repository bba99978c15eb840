"""The staff table editor: the cell grid beside the page, to correct a misread cell or a
wrong column split. Corrections are stored with who and when (catalogue services) and
survive re-processing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from catalogue.models import PageTable, TableCorrection
from catalogue.selectors.tables import effective_columns, effective_rows
from catalogue.services.tables import TableCorrectionError, table_correct_cell, table_fix_columns

EDIT_PERMISSION = "catalogue.change_pagetable"
MAX_CELL = 200


@login_required
@permission_required(EDIT_PERMISSION, raise_exception=True)
def table_edit(request: HttpRequest, table_id: int) -> HttpResponse:
    table = get_object_or_404(
        PageTable.objects.select_related("softcopy", "softcopy__publication"), pk=table_id
    )
    if request.method == "POST":
        _save(request, table)
        return redirect(reverse("staff-table-edit", args=[table.pk]))
    rows = effective_rows(table)
    columns = effective_columns(table)
    viewer = reverse("search-viewer", args=[table.softcopy_id])
    return render(
        request,
        "portal/tables/edit.html",
        {
            "table": table,
            "columns": columns,
            "rows": [list(enumerate(row)) for row in rows],
            "column_indexes": list(range(len(columns))),
            "corrections": table.corrections.order_by("-created_at", "-pk")[:50],
            "viewer_url": f"{viewer}?halaman={table.page}&tabel={table.pk}",
            "file_url": reverse("softcopy-file", args=[table.softcopy_id]),
        },
    )


def _save(request: HttpRequest, table: PageTable) -> None:
    fix = request.POST.get("fix", "")
    try:
        if fix:
            kind, _sep, col = fix.partition(":")
            table_fix_columns(table_id=table.pk, kind=kind, col=int(col), user=request.user)
            messages.success(request, _("Kolom diperbaiki."))
            return
        changed = 0
        for r, row in enumerate(effective_rows(table)):
            for c in range(len(row)):
                key = f"cell-{r}-{c}"
                if key in request.POST:
                    new = request.POST[key][:MAX_CELL]
                    if table_correct_cell(
                        table_id=table.pk, row=r, col=c, text=new, user=request.user
                    ):
                        changed += 1
        messages.success(request, _("%(n)d sel dikoreksi.") % {"n": changed})
    except (TableCorrectionError, ValueError):
        messages.error(request, _("Koreksi tidak sesuai dengan tabel."))


KIND_LABELS = dict(TableCorrection.Kind.choices)
