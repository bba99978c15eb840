"""Visitor and service-level figures of a month, from the desk's own report selector.

The month's by-purpose, by-institution-category and by-sex tables are the desk report's
figures (``visitors.selectors.reports.service_report``), so the charts and the service
report can never disagree; the per-day and per-month splits by service count the same
visit rows.
"""

from __future__ import annotations

import calendar
import statistics
from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.reports.tables import Chart, Month, Table
from portal.visitors import labels
from visitors.models import Visit
from visitors.models.choices import Priority, PstService
from visitors.selectors.reports import service_report

WAIT_BUCKETS = [0, 1, 2, 3, 4, 5, 6, 8, 10, 15]  # minutes; the last bucket is open-ended


def month_days(month: Month) -> tuple[date, date]:
    last = calendar.monthrange(month.year, month.month)[1]
    return month.first_day, date(month.year, month.month, last)


def visitor_tables(month: Month) -> list[Table]:
    start, end = month_days(month)
    report = service_report(start=start, end=end)
    services = list(PstService.values)
    heads = [labels.SERVICE[s] for s in services]
    per_day = Counter(
        Visit.objects.filter(visit_date__range=(start, end)).values_list("visit_date", "service")
    )
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    by_day = Table(
        "kunjungan-harian",
        _("Kunjungan per hari menurut jenis layanan"),
        [_("Tanggal"), *heads],
        [[day, *(per_day[(day, s)] for s in services)] for day in days],
        Chart("bar", stacked=True),
    )
    by_day.total = [_("Jumlah"), *(report.by_service[s] for s in services)]
    first = month.shifted(-11)
    months = [first.shifted(n) for n in range(12)]
    per_month = Counter(
        (d.year, d.month, s)
        for d, s in Visit.objects.filter(visit_date__range=(first.first_day, end)).values_list(
            "visit_date", "service"
        )
    )
    by_month = Table(
        "kunjungan-bulanan",
        _("Kunjungan per bulan menurut jenis layanan (12 bulan)"),
        [_("Bulan"), *heads],
        [[m, *(per_month[(m.year, m.month, s)] for s in services)] for m in months],
        Chart("bar", stacked=True),
    )
    return [
        by_day,
        by_month,
        _simple(
            "menurut-tujuan",
            _("Kunjungan menurut tujuan"),
            report.by_purpose,
            labels.PURPOSE,
            _("Kunjungan"),
        ),
        _simple(
            "menurut-kategori-instansi",
            _("Kunjungan menurut kategori instansi"),
            report.by_institution_category,
            labels.INSTITUTION_CATEGORY,
            _("Kunjungan"),
        ),
        _simple(
            "menurut-jenis-kelamin",
            _("Jumlah orang menurut jenis kelamin"),
            report.by_sex,
            labels.SEX,
            _("Orang"),
        ),
    ]


def _simple(code: str, title: Any, counts: dict[str, int], names: Any, head: Any) -> Table:
    rows: list[list[Any]] = [[names[key], value] for key, value in counts.items()]
    table = Table(code, title, [_("Kategori"), head], rows, Chart("bar", horizontal=True))
    table.total = [_("Jumlah"), sum(counts.values())]
    return table


def service_level_tables(month: Month) -> list[Table]:
    """The 5-minute promise: met and missed per day, and how long people waited."""
    start, end = month_days(month)
    sla = settings.SERVICE_LEVEL_SECONDS
    minutes = sla // 60
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    rows: list[list[Any]] = []
    for day in days:
        result = service_report(start=day, end=day)
        share = result.sla_share
        rows.append(
            [
                day,
                result.sla_met,
                result.sla_missed,
                None if share is None else round(share * 100, 1),
            ]
        )
    month_report = service_report(start=start, end=end)
    share = month_report.sla_share
    per_day = Table(
        "dalam-5-menit",
        _("Kunjungan dilayani dalam %(m)d menit, per hari") % {"m": minutes},
        [
            _("Tanggal"),
            _("Dalam %(m)d menit") % {"m": minutes},
            _("Lewat %(m)d menit") % {"m": minutes},
            _("Persentase dalam batas (%)"),
        ],
        rows,
        Chart("bar", stacked=True, series=(1, 2)),
        total=[
            _("Jumlah"),
            month_report.sla_met,
            month_report.sla_missed,
            None if share is None else round(share * 100, 1),
        ],
    )
    distribution = _wait_distribution(month_report.waits, minutes)
    summary = Table(
        "ringkasan-layanan",
        _("Ringkasan waktu tunggu"),
        [_("Ukuran"), _("Nilai")],
        [
            [_("Dilayani"), month_report.served],
            [_("Median waktu tunggu (detik)"), month_report.wait_median_seconds],
            [_("Persentil ke-90 waktu tunggu (detik)"), month_report.wait_p90_seconds],
        ],
        chart=None,
    )
    return [per_day, distribution, priority_lane_table(month, sla), summary]


def _wait_distribution(waits: list[float], minutes: int) -> Table:
    """How long the month's served visitors waited, in WAIT_BUCKETS, the promise marked."""
    counts = [0] * len(WAIT_BUCKETS)
    for wait in waits:
        index = max(i for i, low in enumerate(WAIT_BUCKETS) if wait >= low * 60)
        counts[index] += 1
    names = [
        f"{low}–{WAIT_BUCKETS[i + 1]}" if i + 1 < len(WAIT_BUCKETS) else f"≥ {low}"
        for i, low in enumerate(WAIT_BUCKETS)
    ]
    line_at = WAIT_BUCKETS.index(minutes) - 0.5 if minutes in WAIT_BUCKETS else None
    distribution = Table(
        "sebaran-waktu-tunggu",
        _("Sebaran waktu tunggu (menit)"),
        [_("Menunggu (menit)"), _("Kunjungan dilayani")],
        [[name, count] for name, count in zip(names, counts, strict=True)],
        Chart("bar", line=f"{line_at}|{minutes} mnt" if line_at is not None else "", line_axis="x"),
        total=[_("Jumlah"), len(waits)],
    )
    return distribution


def priority_lane_table(month: Month, sla: int) -> Table:
    """The priority lane reported on its own: visits, and waits of those served, per reason."""
    start, end = month_days(month)
    rows = Visit.objects.filter(visit_date__range=(start, end)).values_list(
        "priority", "guestbook_at", "service_started_at"
    )
    waits: dict[str, list[float]] = {code: [] for code in Priority.values}
    visits: Counter[str] = Counter()
    for priority, arrived, started in rows:
        visits[priority] += 1
        if started is not None:
            waits[priority].append((started - arrived).total_seconds())
    minutes = sla // 60
    lines: list[list[Any]] = []
    for code in [*Priority.values[1:], Priority.NONE]:
        served = waits[code]
        lines.append(
            [
                labels.PRIORITY_REPORT[code],
                visits[code],
                sum(1 for w in served if w <= sla),
                sum(1 for w in served if w > sla),
                round(statistics.median(served), 1) if served else None,
            ]
        )
    return Table(
        "layanan-prioritas",
        _("Layanan prioritas (disabilitas, lanjut usia, ibu hamil)"),
        [
            _("Jalur"),
            _("Kunjungan"),
            _("Dilayani dalam %(m)d menit") % {"m": minutes},
            _("Dilayani lewat %(m)d menit") % {"m": minutes},
            _("Median tunggu (detik)"),
        ],
        lines,
        Chart("bar", horizontal=True, stacked=True, series=(2, 3)),
    )
