"""Digitisation and search figures: pages per month, softcopy coverage, failures, queries."""

from __future__ import annotations

from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from catalogue.models import DigitisationJob, JobPage, Publication, Softcopy
from portal.reports.tables import Chart, Month, Table
from portal.reports.visits import month_days
from search.models import SearchQueryCount

TOP = 20


def digitisation_tables(month: Month) -> list[Table]:
    zone = ZoneInfo(settings.TIME_ZONE)
    first = month.shifted(-11)
    _start, end = month_days(month)
    done = (
        JobPage.objects.filter(
            state="done", finished_at__date__gte=first.first_day, finished_at__date__lte=end
        )
        .annotate(slot=TruncMonth("finished_at", tzinfo=zone))
        .values("slot")
        .annotate(pages=Count("pk"), ocr=Count("pk", filter=Q(ocr=True)))
    )
    counts = {(row["slot"].year, row["slot"].month): row for row in done}
    months = [first.shifted(n) for n in range(12)]
    pages = Table(
        "halaman-per-bulan",
        _("Halaman didigitalkan per bulan (12 bulan)"),
        [_("Bulan"), _("Halaman"), _("Halaman di-OCR")],
        [[m, _get(counts, m, "pages"), _get(counts, m, "ocr")] for m in months],
        Chart("bar", series=(1,)),
    )
    with_softcopy = Publication.objects.filter(
        Exists(Softcopy.objects.filter(publication=OuterRef("pk")))
    ).count()
    total = Publication.objects.count()
    coverage = Table(
        "cakupan-salinan-digital",
        _("Publikasi katalog dengan salinan digital"),
        [_("Publikasi"), _("Jumlah")],
        [
            [str(_("Dengan salinan digital")), with_softcopy],
            [str(_("Tanpa salinan digital")), total - with_softcopy],
        ],
        Chart("bar", horizontal=True),
        total=[_("Jumlah"), total],
    )
    return [pages, coverage, _failures(month)]


def _get(counts: dict[tuple[int, int], Any], month: Month, key: str) -> int:
    row = counts.get((month.year, month.month))
    return int(row[key]) if row else 0


def _failures(month: Month) -> Table:
    start, end = month_days(month)
    reasons: Counter[str] = Counter()
    texts: dict[str, str] = {}
    pages = JobPage.objects.filter(
        state="failed", finished_at__date__range=(start, end)
    ).values_list("error_code", "error_id")
    jobs = DigitisationJob.objects.filter(
        state="failed", pages_failed=0, finished_at__date__range=(start, end)
    ).values_list("error_code", "error_id")
    for code, text in [*pages, *jobs]:
        key = code or "unknown"
        reasons[key] += 1
        texts.setdefault(key, text.split(": ", 1)[-1][:80] if text else key)
    rows: list[list[Any]] = [
        [f"{code} — {texts[code]}", count] for code, count in reasons.most_common()
    ]
    return Table(
        "alasan-gagal",
        _("Alasan kegagalan digitalisasi"),
        [_("Alasan"), _("Jumlah")],
        rows,
        Chart("bar", horizontal=True),
        total=[_("Jumlah"), sum(reasons.values())],
    )


def search_tables(month: Month) -> list[Table]:
    start, end = month_days(month)
    rows = SearchQueryCount.objects.filter(day__range=(start, end)).values("query")
    top = rows.annotate(n=Sum("searches"), zero=Sum("zero_results")).order_by("-n", "query")
    zero = rows.annotate(zero=Sum("zero_results")).filter(zero__gt=0).order_by("-zero", "query")
    totals = SearchQueryCount.objects.filter(day__range=(start, end)).aggregate(
        n=Sum("searches"), zero=Sum("zero_results")
    )
    return [
        Table(
            "kata-kunci-teratas",
            _("Kata kunci paling sering dicari"),
            [_("Kata kunci"), _("Pencarian"), _("Tanpa hasil")],
            [[row["query"], row["n"], row["zero"]] for row in top[:TOP]],
            Chart("bar", horizontal=True, series=(1,)),
            total=[_("Semua pencarian"), totals["n"] or 0, totals["zero"] or 0],
        ),
        Table(
            "kata-kunci-tanpa-hasil",
            _("Kata kunci tanpa hasil: yang belum ada di koleksi"),
            [_("Kata kunci"), _("Pencarian tanpa hasil")],
            [[row["query"], row["zero"]] for row in zero[:TOP]],
            Chart("bar", horizontal=True),
        ),
    ]
