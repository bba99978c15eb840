"""IKM (from the survey's own report selector) and complaint figures of a month."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from feedback.models import Complaint
from feedback.models.choices import Channel, ComplaintState
from feedback.selectors.ikm import CATEGORIES, period_parse
from feedback.selectors.ikm import ikm_report as survey_ikm_report
from portal.reports.tables import Chart, Month, Table
from portal.reports.visits import month_days

RESPONSE_BUCKETS = [(0, 1), (2, 3), (4, 5), (6, 10), (11, None)]  # whole days, inclusive
IKM_BANDS = ",".join(
    f"{low}:{high}:{letter}"
    for (low, letter), high in zip(
        [(float(c[0]), c[1]) for c in reversed(CATEGORIES)],
        [float(c[0]) for c in reversed(CATEGORIES[:-1])] + [100.0],
        strict=True,
    )
)


def ikm_tables(month: Month) -> list[Table]:
    english = (get_language() or "id").startswith("en")
    report = survey_ikm_report(period=period_parse(month.code))
    elements = Table(
        "ikm-unsur",
        _("Nilai rata-rata per unsur pelayanan (NRR, 1–4)"),
        [_("Unsur"), _("NRR")],
        [[e.label_en if english else e.label_id, e.nrr] for e in report.elements],
        Chart("bar", horizontal=True, min=1, max=4),
        total=[_("Responden"), report.respondents],
    )
    months = [month.shifted(n - 11) for n in range(12)]
    over_time: list[list[Any]] = []
    for each in months:
        result = survey_ikm_report(period=period_parse(each.code))
        over_time.append([each, result.ikm, result.category or None, result.respondents])
    trend = Table(
        "ikm-bulanan",
        _("IKM per bulan dengan mutu pelayanan A–D"),
        [_("Bulan"), _("IKM"), _("Mutu"), _("Responden")],
        over_time,
        Chart("line", series=(1,), bands=IKM_BANDS, min=25, max=100),
    )
    return [elements, trend]


def complaint_tables(month: Month) -> list[Table]:
    start, end = month_days(month)
    zone = ZoneInfo(settings.TIME_ZONE)
    rows = list(
        Complaint.objects.filter(
            received_at__gte=datetime.combine(start, time.min, zone),
            received_at__lte=datetime.combine(end, time.max, zone),
        ).values("channel", "state", "received_at", "answered_at")
    )
    channels = Counter(row["channel"] for row in rows)
    states = Counter(row["state"] for row in rows)
    by_channel = Table(
        "pengaduan-saluran",
        _("Pengaduan dan saran menurut saluran"),
        [_("Saluran"), _("Jumlah")],
        [[label, channels[value]] for value, label in Channel.choices],
        Chart("bar", horizontal=True),
        total=[_("Jumlah"), len(rows)],
    )
    by_state = Table(
        "pengaduan-status",
        _("Pengaduan dan saran menurut status sekarang"),
        [_("Status"), _("Jumlah")],
        [[label, states[value]] for value, label in ComplaintState.choices],
        Chart("bar"),
        total=[_("Jumlah"), len(rows)],
    )
    days = Counter(
        _bucket((row["answered_at"] - row["received_at"]).days)
        for row in rows
        if row["answered_at"] is not None
    )
    names = [f"{low}–{high}" if high is not None else f"≥ {low}" for low, high in RESPONSE_BUCKETS]
    response = Table(
        "pengaduan-waktu-jawab",
        _("Waktu sampai dijawab (hari)"),
        [_("Hari"), _("Jumlah")],
        [[name, days[i]] for i, name in enumerate(names)]
        + [[str(_("Belum dijawab")), sum(1 for r in rows if r["answered_at"] is None)]],
        Chart("bar"),
        total=[_("Jumlah"), len(rows)],
    )
    return [by_channel, by_state, response]


def _bucket(days: int) -> int:
    for index, (low, high) in enumerate(RESPONSE_BUCKETS):
        if days >= low and (high is None or days <= high):
            return index
    return 0
