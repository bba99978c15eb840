"""The desk's read-only pages: locker board, closing time, photocopy printout, service report."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.visitors import labels
from portal.visitors.access import desk_required, report_required
from portal.visitors.forms import ReportPeriodForm, month_bounds
from portal.visitors.reads import photocopy_get
from visitors.selectors import (
    closing_time_open_items,
    lockers_board,
    service_report,
    service_report_csv,
)


@desk_required
@never_cache
@require_GET
def locker_board(request: HttpRequest) -> HttpResponse:
    slots = lockers_board()
    return render(
        request,
        "portal/desk/lockers.html",
        {
            "slots": slots,
            "free_count": sum(1 for slot in slots if slot.free),
            "held_count": sum(1 for slot in slots if slot.visit is not None),
        },
    )


@desk_required
@never_cache
@require_GET
def closing_time(request: HttpRequest) -> HttpResponse:
    items = closing_time_open_items()
    return render(
        request,
        "portal/desk/closing.html",
        {
            "items": items,
            "lockers_in_use": [labels.shown(visit) for visit in items.lockers_in_use],
            "id_cards_held": [labels.shown(visit) for visit in items.id_cards_held],
            "visits_open": [labels.shown(visit) for visit in items.visits_open],
        },
    )


@desk_required
@require_GET
def photocopy_print(request: HttpRequest, request_id: int) -> HttpResponse:
    """A printable form for the cooperative; the service is free, so no fee appears."""
    form = photocopy_get(request_id)
    return render(
        request,
        "portal/desk/photocopy_print.html",
        {"photocopy": form, "issued_at": timezone.localtime(form.issued_at)},
    )


def _shortcuts(today: date) -> list[tuple[str, Any, date, date]]:
    this_month = month_bounds(today)
    last_month = month_bounds(this_month[0] - timedelta(days=1))
    return [
        ("today", _("Hari ini"), today, today),
        ("this-month", _("Bulan ini"), *this_month),
        ("last-month", _("Bulan lalu"), *last_month),
    ]


@report_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    form = ReportPeriodForm(request.GET)
    context: dict[str, Any] = {"form": form, "shortcuts": _shortcuts(timezone.localdate())}
    if not form.is_valid():
        return render(request, "portal/desk/report.html", context, status=400)
    start, end = form.cleaned_data["mulai"], form.cleaned_data["sampai"]
    result = service_report(start=start, end=end)
    share = result.sla_share
    context |= {
        "start": start,
        "end": end,
        "report": result,
        "sla_minutes": result.sla_seconds // 60,
        "sla_share_percent": None if share is None else share * 100,
        "tables": [
            (
                "by-service",
                _("Kunjungan menurut layanan"),
                labels.rows(result.by_service, labels.SERVICE),
            ),
            (
                "by-purpose",
                _("Kunjungan menurut tujuan"),
                labels.rows(result.by_purpose, labels.PURPOSE),
            ),
            (
                "by-institution-category",
                _("Kunjungan menurut kategori instansi"),
                labels.rows(result.by_institution_category, labels.INSTITUTION_CATEGORY),
            ),
            (
                "by-sex",
                _("Jumlah orang menurut jenis kelamin"),
                labels.rows(result.by_sex, labels.SEX),
            ),
        ],
    }
    return render(request, "portal/desk/report.html", context)


@report_required
@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    form = ReportPeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    start, end = form.cleaned_data["mulai"], form.cleaned_data["sampai"]
    response = HttpResponse(
        service_report_csv(start=start, end=end), content_type="text/csv; charset=utf-8"
    )
    filename = f"laporan-layanan-{start.isoformat()}_{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
