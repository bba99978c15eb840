"""The monitor's JSON snapshot: selectors and the broker, labelled in the active language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogue.models import DigitisationJob
from catalogue.selectors import monitor
from common.tasknames import QUEUE_OCR
from portal.digitise.broker import broker_state
from portal.templatetags.pustaka_labels import job_state

THROUGHPUT_SECONDS = 60


def snapshot(*, now: datetime | None = None) -> dict[str, Any]:
    """Everything the monitor page shows, in one JSON-ready dict."""
    now = now or timezone.now()
    broker = broker_state()
    english = (get_language() or "id").startswith("en")
    throughput = _throughput(now)
    return {
        "at": timezone.localtime(now).strftime("%H:%M:%S"),
        "broker": {
            "reachable": broker.reachable,
            "queues": [{"name": name, "depth": depth} for name, depth in broker.depths.items()],
            "unacked": broker.unacked,
        },
        "workers": [
            {"name": w.name, "pages": w.pages, "pages_per_minute": w.pages_per_minute}
            for w in monitor.workers_now(now=now)
        ],
        "jobs": [_job(row) for row in monitor.jobs_in_flight(now=now)],
        "problems": [
            _problem(p, english)
            for p in monitor.problems(
                now=now, queue_empty=broker.reachable and broker.depths.get(QUEUE_OCR) == 0
            )
        ],
        "throughput": {
            "hours": _series(throughput["hours"], "H:i"),
            "days": _series(throughput["days"], "j M"),
        },
    }


def _throughput(now: datetime) -> dict[str, Any]:
    """Pages per hour and per day, grouped again only when a page has finished since (the
    jobs' page counters, a small table, say so) or the minute turned: grouping two weeks
    of pages by local hour is the monitor's one costly query."""
    finished = DigitisationJob.objects.aggregate(n=Sum("pages_done"))["n"] or 0
    key = f"pustaka:monitor:throughput:{finished}:{int(now.timestamp()) // THROUGHPUT_SECONDS}"
    found = cache.get(key)
    if found is None:
        found = monitor.throughput(now=now)
        cache.set(key, found, THROUGHPUT_SECONDS)
    return found


def _job(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["pk"],
        "title": row["title"],
        "state": row["state"],
        "state_label": job_state(row["state"]),
        "done": row["pages_done"],
        "total": row["pages_total"],
        "failed": row["pages_failed"],
        "percent": row["percent"],
        "eta_seconds": row["eta_seconds"],
        "eta": _duration(row["eta_seconds"]),
        "url": reverse("staff-job", args=[row["pk"]]),
    }


def _problem(problem: monitor.Problem, english: bool) -> dict[str, Any]:
    labels = {
        "failed": _("Halaman gagal"),
        "stalled": _("Halaman macet"),
        "failed_job": _("Pekerjaan gagal"),
    }
    if problem.page_id is not None:
        retry = reverse("staff-monitor-page-retry", args=[problem.page_id])
    else:
        retry = reverse("staff-monitor-job-retry", args=[problem.job_id])
    give_up = None
    if problem.kind == "failed" and problem.page_id is not None:
        give_up = reverse("staff-monitor-page-give-up", args=[problem.page_id])
    return {
        "kind": problem.kind,
        "kind_label": labels[problem.kind],
        "job_id": problem.job_id,
        "job_url": reverse("staff-job", args=[problem.job_id]),
        "title": problem.title,
        "where": problem.where,
        "page_id": problem.page_id,
        "reason": problem.reason_en if english else problem.reason_id,
        "retry_url": retry,
        "give_up_url": give_up,
    }


def _series(points: list[tuple[datetime, int]], fmt: str) -> dict[str, list[Any]]:
    return {
        "labels": [formats.date_format(slot, fmt) for slot, _count in points],
        "pages": [count for _slot, count in points],
    }


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(h)d j %(m)d mnt") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d mnt %(s)d dtk") % {"m": minutes, "s": secs}
    return _("%(s)d dtk") % {"s": secs}
