"""Staff report pages: a chart beside every table, and the same tables as CSV and XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.reports.monthly_pdf import monthly_report_pdf, report_filename
from portal.reports.present import table_view
from portal.reports.tables import Month, Table, table_csv, tables_xlsx
from portal.reports.topics import TOPICS, Topic, parse_month, topics_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _topic(request: HttpRequest, code: str) -> Topic:
    topic = TOPICS.get(code)
    if topic is None:
        raise Http404
    if not request.user.has_perm(topic.permission):
        raise PermissionDenied
    return topic


def _month_nav(month: Month) -> dict[str, Any]:
    return {"month": month, "previous": month.shifted(-1), "next": month.shifted(1)}


@login_required
@require_GET
def hub(request: HttpRequest) -> HttpResponse:
    topics = topics_for(request.user)
    if not topics:
        raise PermissionDenied
    month = parse_month(request.GET.get("bulan"))
    return render(request, "portal/reports/hub.html", {"topics": topics, **_month_nav(month)})


@login_required
@require_GET
def topic_page(request: HttpRequest, topic: str) -> HttpResponse:
    chosen = _topic(request, topic)
    month = parse_month(request.GET.get("bulan"))
    tables = chosen.build(month)
    context = {
        "topic": chosen,
        "topics": topics_for(request.user),
        "tables": [table_view(table) for table in tables],
        **_month_nav(month),
    }
    return render(request, "portal/reports/topic.html", context)


@login_required
@require_GET
def topic_csv(request: HttpRequest, topic: str, table: str) -> HttpResponse:
    chosen = _topic(request, topic)
    month = parse_month(request.GET.get("bulan"))
    found = next((t for t in chosen.build(month) if t.code == table), None)
    if found is None:
        raise Http404
    response = HttpResponse(table_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table}-{month.code}.csv"'
    return response


@login_required
@require_GET
def topic_xlsx(request: HttpRequest, topic: str) -> HttpResponse:
    chosen = _topic(request, topic)
    month = parse_month(request.GET.get("bulan"))
    tables: list[Table] = chosen.build(month)
    body = tables_xlsx(tables, title=f"{chosen.title} {month.code}")
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{chosen.code}-{month.code}.xlsx"'
    return response


@login_required
@require_GET
def monthly_pdf(request: HttpRequest) -> HttpResponse:
    """*Laporan Bulanan Perpustakaan PST*: the topics this reader may see, as a PDF."""
    topics = topics_for(request.user)
    if not topics:
        raise PermissionDenied
    month = parse_month(request.GET.get("bulan"))
    response = HttpResponse(
        monthly_report_pdf(month=month, topics=topics), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{report_filename(month)}"'
    return response
