"""The Indeks Kepuasan Masyarakat (PermenPANRB 14/2017) of a month or a quarter.

NRR of an element = sum of its ratings / respondents. IKM = mean of the nine NRR (equal
weights, 1/9 each) × 25, from 25 to 100. Computed with exact fractions and rounded only
for display, to two decimals as the regulation reports them; the quality category is
read from the rounded index so the report and its category never disagree.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Sum

from catalogue.exchange.cells import SafeCsvWriter
from feedback.errors import SurveyPeriodError
from feedback.models import ELEMENT_CODES, ELEMENTS, SurveyResponse

# Conversion table of PermenPANRB 14/2017 (interval konversi IKM → mutu pelayanan).
CATEGORIES: list[tuple[Decimal, str, str, str]] = [
    (Decimal("88.31"), "A", "Sangat Baik", "Very good"),
    (Decimal("76.61"), "B", "Baik", "Good"),
    (Decimal("65.00"), "C", "Kurang Baik", "Fair"),
    (Decimal("25.00"), "D", "Tidak Baik", "Poor"),
]
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)
_QUARTER = re.compile(r"([0-9]{4})-[QqTt]([1-4])", re.ASCII)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    code: str  # "2026-03" or "2026-Q1"
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class ElementScore:
    code: str
    label_id: str
    label_en: str
    nrr: Decimal | None  # two decimals; None without respondents


@dataclass(frozen=True)
class IkmReport:
    period: Period
    respondents: int
    elements: list[ElementScore]
    ikm: Decimal | None
    category: str  # "A".."D", "" without respondents
    category_id: str
    category_en: str


def _round(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        _CENT, rounding=ROUND_HALF_UP
    )


def period_parse(text: str) -> Period:
    """``2026-03`` (a month) or ``2026-Q1``/``2026-T1`` (a quarter, triwulan)."""
    text = (text or "").strip()
    if match := _MONTH.fullmatch(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12 or year < 2000:
            raise SurveyPeriodError(text[:20])
        start, months, code = date(year, month, 1), 1, f"{year}-{month:02d}"
    elif match := _QUARTER.fullmatch(text):
        year, quarter = int(match.group(1)), int(match.group(2))
        if year < 2000:
            raise SurveyPeriodError(text[:20])
        start, months, code = date(year, 3 * quarter - 2, 1), 3, f"{year}-Q{quarter}"
    else:
        raise SurveyPeriodError(text[:20])
    after = start.month - 1 + months
    following = date(start.year + after // 12, after % 12 + 1, 1)
    return Period(code=code, start=start, end=following - timedelta(days=1))


def ikm_category(ikm: Decimal) -> tuple[str, str, str]:
    for floor, letter, label_id, label_en in CATEGORIES:
        if ikm >= floor:
            return letter, label_id, label_en
    return CATEGORIES[-1][1:]


def ikm_report(*, period: Period) -> IkmReport:
    rows = SurveyResponse.objects.filter(submitted_on__range=(period.start, period.end))
    sums = rows.aggregate(n=Count("id"), **{code: Sum(code) for code in ELEMENT_CODES})
    respondents = sums["n"] or 0
    if not respondents:
        empty = [ElementScore(code, lid, len_, None) for code, lid, len_ in ELEMENTS]
        return IkmReport(period, 0, empty, None, "", "", "")
    nrr = {code: Fraction(sums[code], respondents) for code in ELEMENT_CODES}
    index = sum((value * Fraction(1, len(ELEMENT_CODES)) for value in nrr.values()), Fraction(0))
    ikm = _round(index * 25)
    letter, label_id, label_en = ikm_category(ikm)
    elements = [ElementScore(code, lid, len_, _round(nrr[code])) for code, lid, len_ in ELEMENTS]
    return IkmReport(period, respondents, elements, ikm, letter, label_id, label_en)


def ikm_report_csv(*, period: Period) -> str:
    """``bagian,kode,label,nilai`` rows, like the service report's CSV."""
    report = ikm_report(period=period)
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(["bagian", "kode", "label", "nilai"])
    writer.writerow(["ringkasan", "periode", "Periode", period.code])
    writer.writerow(["ringkasan", "responden", "Jumlah responden", report.respondents])
    for element in report.elements:
        writer.writerow(["nrr", element.code.upper(), element.label_id, element.nrr or ""])
    writer.writerow(["ringkasan", "ikm", "Nilai IKM", report.ikm or ""])
    writer.writerow(["ringkasan", "mutu", "Mutu pelayanan", report.category])
    writer.writerow(["ringkasan", "kinerja", "Kinerja unit pelayanan", report.category_id])
    return out.getvalue()
