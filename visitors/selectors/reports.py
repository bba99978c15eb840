"""The service report for a day or a month: who came, for what, and how fast they were served.

Definitions (also what the CSV says):

- *visits*: guestbook entries in the period; *persons*: distinct visitors among them;
  *headcount*: people through the door (a group counts its members).
- by service, purpose and institution category: visits; by sex: headcount.
- *wait* = service start − guestbook time, for visits whose service started.
- *within the service level*: wait ≤ ``SERVICE_LEVEL_SECONDS`` (300 s). A visit never
  served counts as a miss once that long has passed since its guestbook entry; before
  that it is *pending* and left out of the share. share = met / (met + missed).
- *median*: the middle wait (mean of the two middle ones for an even count).
- *90th percentile*: nearest rank — the ⌈0.9·n⌉-th smallest wait, a wait that really
  occurred, such that at least 90 % of waits are no longer than it.
- reading room: *copies read* = printed copies handed out during the period's visits
  (a copy handed out twice counts twice), *publications read* = distinct titles among
  them, *visits using the reading room* = visits with at least one copy handed out.
"""

from __future__ import annotations

import io
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from catalogue.exchange.cells import SafeCsvWriter
from visitors.models import ReadingRecord, Visit
from visitors.models.choices import InstitutionCategory, PstService, Purpose, Sex


@dataclass(frozen=True)
class ServiceReport:
    start: date
    end: date
    visits: int
    persons: int
    headcount: int
    by_service: dict[str, int]
    by_purpose: dict[str, int]
    by_institution_category: dict[str, int]
    by_sex: dict[str, int]
    by_day: dict[date, int]
    served: int
    sla_seconds: int
    sla_met: int
    sla_missed: int
    sla_pending: int
    wait_median_seconds: float | None
    wait_p90_seconds: float | None
    readings: int
    reading_publications: int
    reading_visits: int
    waits: list[float] = field(repr=False, default_factory=list)

    @property
    def sla_share(self) -> float | None:
        judged = self.sla_met + self.sla_missed
        return self.sla_met / judged if judged else None


def percentile_nearest_rank(values: list[float], percent: float) -> float | None:
    """The ⌈p/100 · n⌉-th smallest value (1-based); None for no values."""
    if not values:
        return None
    rank = max(1, math.ceil(percent / 100 * len(values)))
    return sorted(values)[rank - 1]


def service_report(*, start: date, end: date, now: datetime | None = None) -> ServiceReport:
    """Counts and service-level figures for visits dated ``start`` to ``end`` inclusive."""
    now = now or timezone.now()
    sla = settings.SERVICE_LEVEL_SECONDS
    rows = list(
        Visit.objects.filter(visit_date__range=(start, end)).values(
            "visitor_id",
            "visit_date",
            "guestbook_at",
            "service_started_at",
            "service",
            "purpose",
            "institution_category",
            "male_count",
            "female_count",
        )
    )
    waits = [
        (row["service_started_at"] - row["guestbook_at"]).total_seconds()
        for row in rows
        if row["service_started_at"] is not None
    ]
    unserved_ages = [
        (now - row["guestbook_at"]).total_seconds()
        for row in rows
        if row["service_started_at"] is None
    ]
    missed_unserved = sum(1 for age in unserved_ages if age > sla)
    return ServiceReport(
        start=start,
        end=end,
        visits=len(rows),
        persons=len({row["visitor_id"] for row in rows}),
        headcount=sum(row["male_count"] + row["female_count"] for row in rows),
        by_service=_by([row["service"] for row in rows], PstService),
        by_purpose=_by([row["purpose"] for row in rows], Purpose),
        by_institution_category=_by(
            [row["institution_category"] for row in rows], InstitutionCategory
        ),
        by_sex={
            Sex.MALE.value: sum(row["male_count"] for row in rows),
            Sex.FEMALE.value: sum(row["female_count"] for row in rows),
        },
        by_day=dict(sorted(Counter(row["visit_date"] for row in rows).items())),
        served=len(waits),
        sla_seconds=sla,
        sla_met=sum(1 for wait in waits if wait <= sla),
        sla_missed=sum(1 for wait in waits if wait > sla) + missed_unserved,
        sla_pending=len(unserved_ages) - missed_unserved,
        wait_median_seconds=statistics.median(waits) if waits else None,
        wait_p90_seconds=percentile_nearest_rank(waits, 90),
        **_reading_counts(start, end),
        waits=sorted(waits),
    )


def _reading_counts(start: date, end: date) -> dict[str, int]:
    rows = list(
        ReadingRecord.objects.filter(visit__visit_date__range=(start, end)).values_list(
            "visit_id", "holding__publication_id"
        )
    )
    return {
        "readings": len(rows),
        "reading_publications": len({publication for _, publication in rows}),
        "reading_visits": len({visit for visit, _ in rows}),
    }


def _by(values: list[str], choices: type[models.TextChoices]) -> dict[str, int]:
    """Counts for every choice, zeros included, in the order the choices are listed."""
    counts = Counter(values)
    return {value: counts.get(value, 0) for value in choices.values}


def service_report_csv(*, start: date, end: date, now: datetime | None = None) -> str:
    """The report as CSV rows ``bagian,kode,label,nilai`` (Indonesian labels)."""
    report = service_report(start=start, end=end, now=now)
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(["bagian", "kode", "label", "nilai"])
    for code, label, value in _summary(report):
        writer.writerow(["ringkasan", code, label, value])
    sections: list[tuple[str, dict[str, int], type[models.TextChoices]]] = [
        ("layanan", report.by_service, PstService),
        ("tujuan", report.by_purpose, Purpose),
        ("kategori_instansi", report.by_institution_category, InstitutionCategory),
        ("jenis_kelamin", report.by_sex, Sex),
    ]
    for section, counts, choices in sections:
        labels = dict(choices.choices)
        for code, count in counts.items():
            writer.writerow([section, code, labels[code], count])
    for day, count in report.by_day.items():
        writer.writerow(["tanggal", day.isoformat(), day.strftime("%d-%m-%Y"), count])
    return out.getvalue()


def _summary(report: ServiceReport) -> list[tuple[str, str, object]]:
    minutes = report.sla_seconds / 60

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.1f}"

    share = report.sla_share
    return [
        ("start", "Periode mulai", report.start.isoformat()),
        ("end", "Periode selesai", report.end.isoformat()),
        ("visits", "Kunjungan", report.visits),
        ("persons", "Pengunjung (orang berbeda)", report.persons),
        ("headcount", "Jumlah orang (termasuk anggota rombongan)", report.headcount),
        ("served", "Kunjungan yang dilayani", report.served),
        ("sla_met", f"Dilayani dalam {minutes:g} menit", report.sla_met),
        ("sla_missed", f"Lewat dari {minutes:g} menit", report.sla_missed),
        ("sla_pending", "Masih menunggu (belum lewat batas)", report.sla_pending),
        (
            "sla_share_percent",
            f"Persentase dilayani dalam {minutes:g} menit",
            number(None if share is None else share * 100),
        ),
        ("wait_median_seconds", "Median waktu tunggu (detik)", number(report.wait_median_seconds)),
        (
            "wait_p90_seconds",
            "Persentil ke-90 waktu tunggu (detik)",
            number(report.wait_p90_seconds),
        ),
        ("readings", "Eksemplar dibaca di ruang baca", report.readings),
        ("reading_publications", "Judul publikasi dibaca", report.reading_publications),
        ("reading_visits", "Kunjungan yang memakai ruang baca", report.reading_visits),
    ]
