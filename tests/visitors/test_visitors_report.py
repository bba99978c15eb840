"""The service report: counts and the 5-minute service level against hand-computed values."""

from __future__ import annotations

import csv
import io
import random
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from visitors.models.choices import InstitutionCategory, PstService, Purpose, Sex
from visitors.selectors import service_report, service_report_csv
from visitors.selectors.reports import percentile_nearest_rank
from visitors.services import (
    guestbook_submit,
    visit_check_out,
    visit_finish_service,
    visit_start_service,
)

pytestmark = pytest.mark.django_db(transaction=True)
WIB = ZoneInfo("Asia/Jakarta")
DAY = date(2026, 3, 2)
SEED = 20260302


@dataclass
class Planned:
    person: int
    phone: str
    at: datetime
    service: str
    purpose: str
    category: str
    sex: str
    men: int
    women: int
    is_group: bool
    wait: int | None  # seconds until service starts; None: never served


def _plan(rng: random.Random, count: int) -> list[Planned]:
    """A generated day: arrivals 1-7 minutes apart, some returning visitors, some groups."""
    at = datetime(DAY.year, DAY.month, DAY.day, 8, 0, tzinfo=WIB)
    last_seen: dict[int, datetime] = {}
    plan: list[Planned] = []
    forced = {5: 300, 6: 301, 7: 0}  # the boundaries: exactly 5 minutes is within
    for i in range(count):
        at += timedelta(seconds=rng.randint(60, 420))
        returning = [p for p, seen in last_seen.items() if at - seen > timedelta(minutes=3)]
        person = rng.choice(returning) if returning and rng.random() < 0.3 else len(last_seen)
        last_seen[person] = at
        number = f"{person:08d}"
        phone = f"0812{number}" if rng.random() < 0.5 else f"+62 812 {number[:4]} {number[4:]}"
        sex = rng.choice(Sex.values)
        is_group = rng.random() < 0.15
        men, women = (
            (rng.randint(1, 12), rng.randint(1, 12))
            if is_group
            else ((1, 0) if sex == "male" else (0, 1))
        )
        kind = rng.random()
        wait: int | None
        if i in forced:
            wait = forced[i]
        elif kind < 0.12:
            wait = None
        elif kind < 0.6:
            wait = rng.randint(0, 300)
        elif kind < 0.8:
            wait = rng.randint(240, 420)
        else:
            wait = rng.randint(421, 1800)
        plan.append(
            Planned(
                person=person,
                phone=phone,
                at=at,
                service=rng.choice(PstService.values),
                purpose=rng.choice(Purpose.values),
                category=rng.choice(InstitutionCategory.values),
                sex=sex,
                men=men,
                women=women,
                is_group=is_group,
                wait=wait,
            )
        )
    return plan


def _record(plan: list[Planned], officer) -> None:
    for item in plan:
        visit = guestbook_submit(
            name="Pengunjung",
            phone=item.phone,
            birth_year=1995,
            sex=item.sex,
            education="bachelor",
            occupation="student",
            institution_category=item.category,
            purpose=item.purpose,
            service=item.service,
            id_type="ktp",
            is_group=item.is_group,
            male_count=item.men,
            female_count=item.women,
            now=item.at,
        )
        if item.wait is None:
            if item.person % 2:  # some walk out unserved, others are left waiting
                visit_check_out(visit=visit, officer=officer, now=item.at + timedelta(minutes=20))
            continue
        started = item.at + timedelta(seconds=item.wait)
        visit_start_service(visit=visit, officer=officer, now=started)
        visit_finish_service(visit=visit, officer=officer, now=started + timedelta(minutes=10))


def _hand_median(waits: list[int]) -> float:
    ordered = sorted(waits)
    n = len(ordered)
    middle = n // 2
    return float(ordered[middle]) if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _hand_p90(waits: list[int]) -> int:
    """Nearest rank by its definition: the smallest wait with ≥ 90 % of waits at or below it."""
    return min(w for w in waits if 10 * sum(1 for x in waits if x <= w) >= 9 * len(waits))


def test_sla_numbers_of_a_generated_day_match_hand_computed_values(officer) -> None:
    plan = _plan(random.Random(SEED), 70)
    _record(plan, officer)
    report = service_report(start=DAY, end=DAY, now=datetime(2026, 3, 2, 17, 0, tzinfo=WIB))

    waits = [item.wait for item in plan if item.wait is not None]
    unserved = sum(1 for item in plan if item.wait is None)
    met = sum(1 for w in waits if w <= 300)
    assert unserved > 3  # the generated day has every kind of visit
    assert 0 < met < len(waits)
    assert report.visits == 70
    assert report.persons == len({item.person for item in plan}) < 70
    assert report.headcount == sum(item.men + item.women for item in plan)
    assert report.served == len(waits)
    assert (report.sla_met, report.sla_missed, report.sla_pending) == (
        met,
        len(waits) - met + unserved,
        0,
    )
    assert report.sla_share == pytest.approx(met / (len(waits) + unserved), abs=1e-12)
    assert report.wait_median_seconds == _hand_median(waits) == statistics.median(waits)
    assert report.wait_p90_seconds == _hand_p90(waits)
    assert report.by_service == {s: sum(i.service == s for i in plan) for s in PstService.values}
    assert report.by_purpose == {p: sum(i.purpose == p for i in plan) for p in Purpose.values}
    assert report.by_institution_category == {
        c: sum(i.category == c for i in plan) for c in InstitutionCategory.values
    }
    assert report.by_sex == {
        "male": sum(i.men for i in plan),
        "female": sum(i.women for i in plan),
    }
    assert report.by_day == {DAY: 70}


def test_a_visit_not_yet_served_is_pending_until_five_minutes_have_passed(officer, submit):
    now = datetime(2026, 3, 2, 10, 0, tzinfo=WIB)
    served = submit(now=now - timedelta(minutes=30))
    visit_start_service(
        visit=served, officer=officer, now=served.guestbook_at + timedelta(seconds=200)
    )
    submit(now=now - timedelta(minutes=2))  # still within the promise: pending
    submit(now=now - timedelta(minutes=6))  # already missed
    report = service_report(start=DAY, end=DAY, now=now)
    assert (report.served, report.sla_met, report.sla_missed, report.sla_pending) == (1, 1, 1, 1)
    assert report.sla_share == 0.5
    assert report.wait_median_seconds == 200
    assert report.wait_p90_seconds == 200


def test_period_bounds_are_inclusive_and_a_month_adds_up_days(submit) -> None:
    for day, count in ((1, 2), (2, 3), (31, 1)):
        for m in range(count):
            submit(now=datetime(2026, 3, day, 9, m * 5, tzinfo=WIB))
    submit(now=datetime(2026, 4, 1, 9, 0, tzinfo=WIB))
    assert service_report(start=DAY, end=DAY).visits == 3
    month = service_report(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert month.visits == 6
    assert month.by_day == {date(2026, 3, 1): 2, date(2026, 3, 2): 3, date(2026, 3, 31): 1}
    empty = service_report(start=date(2025, 1, 1), end=date(2025, 1, 31))
    assert (empty.visits, empty.sla_share, empty.wait_median_seconds) == (0, None, None)
    assert empty.wait_p90_seconds is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([42.0], 42.0),
        ([float(n) for n in range(1, 11)], 9.0),  # ⌈9⌉ = 9th
        ([float(n) for n in range(1, 21)], 18.0),
        ([15.0, 20.0, 35.0, 40.0, 50.0], 50.0),  # ⌈4.5⌉ = 5th
        ([50.0, 15.0, 40.0, 20.0, 35.0, 10.0, 30.0, 25.0, 45.0, 5.0, 55.0], 50.0),  # ⌈9.9⌉ = 10th
    ],
)
def test_nearest_rank_percentile(values: list[float], expected: float | None) -> None:
    assert percentile_nearest_rank(values, 90) == expected


def test_csv_export_carries_the_same_numbers(officer) -> None:
    plan = _plan(random.Random(SEED + 1), 25)
    _record(plan, officer)
    now = datetime(2026, 3, 2, 17, 0, tzinfo=WIB)
    report = service_report(start=DAY, end=DAY, now=now)
    rows = list(csv.reader(io.StringIO(service_report_csv(start=DAY, end=DAY, now=now))))
    assert rows[0] == ["bagian", "kode", "label", "nilai"]
    summary = {code: value for section, code, _, value in rows[1:] if section == "ringkasan"}
    assert summary["visits"] == "25"
    assert summary["persons"] == str(report.persons)
    assert summary["sla_met"] == str(report.sla_met)
    assert summary["sla_missed"] == str(report.sla_missed)
    assert report.sla_share is not None
    assert summary["sla_share_percent"] == f"{report.sla_share * 100:.1f}"
    assert summary["wait_median_seconds"] == f"{report.wait_median_seconds:.1f}"
    assert summary["wait_p90_seconds"] == f"{report.wait_p90_seconds:.1f}"
    services = {code: (label, int(n)) for section, code, label, n in rows if section == "layanan"}
    assert services == {s.value: (s.label, report.by_service[s.value]) for s in PstService}
    sexes = {code: int(n) for section, code, _, n in rows if section == "jenis_kelamin"}
    assert sexes == report.by_sex
    assert Counter(section for section, *_ in rows[1:])["tanggal"] == 1
    labels = {code: label for section, code, label, _ in rows if section == "ringkasan"}
    assert labels["sla_met"] == "Dilayani dalam 5 menit"
