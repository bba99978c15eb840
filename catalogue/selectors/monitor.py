"""Reads for the live digitisation monitor: jobs in flight, workers, problems, throughput.

Everything comes from the job and page rows the workers write as they go (never from
Celery's result backend). A handful of aggregate queries, so the monitor stays fast with
many jobs in flight; the broker's queue depths are read by the portal, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDay, TruncHour
from django.utils import timezone

from catalogue.models import DigitisationJob, JobPage
from catalogue.models.jobs import State

IN_FLIGHT = (
    DigitisationJob.JobState.OPEN,
    DigitisationJob.JobState.PROCESSING,
    DigitisationJob.JobState.ASSEMBLING,
)
RATE_WINDOW = timedelta(minutes=10)  # pages/min per worker over the last ten minutes
GIVEN_UP = "given_up_at"  # the key in JobPage.facts that takes a failed page off the list
MAX_ROWS = 50
FAILED_JOB_WINDOW = timedelta(days=7)  # an unreadable input fails its job with no page


@dataclass
class WorkerRow:
    name: str
    pages: list[dict[str, Any]] = field(default_factory=list)  # what it is on right now
    pages_per_minute: float = 0.0


@dataclass
class Problem:
    kind: str  # "failed" (a page), "stalled" (a page), "failed_job" (no page to blame)
    job_id: int
    title: str
    where: str
    reason_id: str
    reason_en: str
    page_id: int | None = None
    since: datetime | None = None


def stalled_after() -> timedelta:
    """A page processing longer than the OCR soft time limit has stalled."""
    return timedelta(seconds=settings.OCR_TASK_SOFT_TIME_LIMIT)


def queued_stalled_after() -> timedelta:
    return timedelta(seconds=settings.MONITOR_QUEUED_STALLED_SECONDS)


def jobs_in_flight(*, now: datetime) -> list[dict[str, Any]]:
    """Open, processing and assembling jobs with progress and an ETA from their own pace."""
    fields = ("pk", "title", "state", "pages_total", "pages_done", "pages_failed", "started_at")
    in_flight = DigitisationJob.objects.filter(state__in=IN_FLIGHT).order_by("created_at")
    rows = [dict(row) for row in in_flight.values(*fields)[:MAX_ROWS]]
    for row in rows:
        total, done = row["pages_total"], row["pages_done"]
        row["percent"] = round(100 * done / total, 1) if total else 0.0
        row["eta_seconds"] = None
        started = row.pop("started_at")
        if started and done and total > done:
            rate = done / max((now - started).total_seconds(), 1.0)  # pages per second
            row["eta_seconds"] = round((total - done) / rate)
        elif total and done >= total:
            row["eta_seconds"] = 0
    return rows


def workers_now(*, now: datetime) -> list[WorkerRow]:
    """Each worker that is on a page now or finished one lately, with its pages/min."""
    rows: dict[str, WorkerRow] = {}
    busy = (
        JobPage.objects.filter(state=State.PROCESSING)
        .order_by("started_at")
        .values("pk", "job_id", "job__title", "index", "input__filename", "worker", "started_at")
    )
    for page in busy[: MAX_ROWS * 4]:
        row = rows.setdefault(page["worker"] or "?", WorkerRow(page["worker"] or "?"))
        row.pages.append(
            {
                "page_id": page["pk"],
                "job_id": page["job_id"],
                "title": page["job__title"],
                "where": f"{page['input__filename']} · {page['index']}",
                "seconds": round((now - page["started_at"]).total_seconds())
                if page["started_at"]
                else None,
            }
        )
    recent = (
        JobPage.objects.filter(state=State.DONE, finished_at__gte=now - RATE_WINDOW)
        .values("worker")
        .annotate(pages=Count("pk"))
    )
    minutes = RATE_WINDOW.total_seconds() / 60
    for item in recent:
        name = item["worker"] or "?"
        row = rows.setdefault(name, WorkerRow(name))
        row.pages_per_minute = round(item["pages"] / minutes, 1)
    return sorted(rows.values(), key=lambda worker: worker.name)


def problems(*, now: datetime, queue_empty: bool = False) -> list[Problem]:
    """Failed pages (not given up), stalled pages, and failed jobs with no failed page.

    A page processing past the time limit has stalled. A queued page has stalled only when
    it waited long *and* the broker's OCR queue is empty: its message was lost. A long
    backlog is not a fault.
    """
    found: list[Problem] = []
    failed = (
        JobPage.objects.filter(state=State.FAILED)
        .exclude(facts__has_key=GIVEN_UP)
        .filter(job__state=DigitisationJob.JobState.FAILED)
        .select_related("job", "input")
        .order_by("-finished_at")[:MAX_ROWS]
    )
    for page in failed:
        found.append(_page_problem("failed", page, page.error_id, page.error_en, page.finished_at))
    lost = Q(state=State.QUEUED, queued_at__lt=now - queued_stalled_after())
    stuck = (
        JobPage.objects.filter(
            Q(state=State.PROCESSING, started_at__lt=now - stalled_after())
            | (lost if queue_empty else Q(pk__in=[]))
        )
        .exclude(job__state=DigitisationJob.JobState.FAILED)
        .select_related("job", "input")
        .order_by("queued_at")[:MAX_ROWS]
    )
    for page in stuck:
        found.append(_stalled(page, now))
    jobs = DigitisationJob.objects.filter(
        state=DigitisationJob.JobState.FAILED,
        pages_failed=0,
        finished_at__gte=now - FAILED_JOB_WINDOW,
    ).order_by("-finished_at")[:MAX_ROWS]
    for job in jobs:
        found.append(
            Problem("failed_job", job.pk, job.title, "", job.error_id, job.error_en, None, None)
        )
    return found


def _page_problem(
    kind: str, page: JobPage, reason_id: str, reason_en: str, since: datetime | None
) -> Problem:
    where = f"{page.input.filename} · {page.index}"
    return Problem(kind, page.job_id, page.job.title, where, reason_id, reason_en, page.pk, since)


def _stalled(page: JobPage, now: datetime) -> Problem:
    if page.state == State.PROCESSING:
        minutes = round((now - page.started_at).total_seconds() / 60) if page.started_at else 0
        return _page_problem(
            "stalled",
            page,
            f"Diproses {minutes} menit oleh {page.worker or '?'} tanpa selesai",
            f"Processing for {minutes} min on {page.worker or '?'} without finishing",
            page.started_at,
        )
    minutes = round((now - page.queued_at).total_seconds() / 60) if page.queued_at else 0
    return _page_problem(
        "stalled",
        page,
        f"Menunggu di antrean {minutes} menit tanpa diambil worker",
        f"Waiting in the queue for {minutes} min, not taken by any worker",
        page.queued_at,
    )


def throughput(*, now: datetime, hours: int = 24, days: int = 14) -> dict[str, Any]:
    """Pages finished per hour (last ``hours``) and per day (last ``days``), local time."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = timezone.localtime(now, zone)
    first_hour = local.replace(minute=0, second=0, microsecond=0) - timedelta(hours=hours - 1)
    first_day = local.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days - 1)
    done = JobPage.objects.filter(state=State.DONE, finished_at__gte=first_day)
    by_hour = _counts(
        done.filter(finished_at__gte=first_hour), TruncHour("finished_at", tzinfo=zone)
    )
    by_day = _counts(done, TruncDay("finished_at", tzinfo=zone))
    hour_slots = [first_hour + timedelta(hours=n) for n in range(hours)]
    day_slots = [first_day + timedelta(days=n) for n in range(days)]
    return {
        "hours": [(slot, by_hour.get(_key(slot), 0)) for slot in hour_slots],
        "days": [(slot, by_day.get(_key(slot), 0)) for slot in day_slots],
    }


def _counts(queryset: Any, trunc: Any) -> dict[str, int]:
    rows = queryset.annotate(slot=trunc).values("slot").annotate(pages=Count("pk"))
    return {_key(row["slot"]): row["pages"] for row in rows}


def _key(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H")
