"""Work the database says is unfinished and old enough to ask whether its message lives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F

from catalogue.models import DigitisationJob, JobInput, JobPage
from catalogue.models.jobs import State

Job = DigitisationJob
LIVE_JOB_STATES = (Job.JobState.OPEN, Job.JobState.PROCESSING)


@dataclass
class UnfinishedWork:
    """Candidates for re-dispatch; the reconciler drops those with a live message."""

    queued_pages: list[int] = field(default_factory=list)
    processing_pages: dict[int, str] = field(default_factory=dict)  # page id → worker
    unread_inputs: list[int] = field(default_factory=list)
    assembling_jobs: list[int] = field(default_factory=list)
    complete_jobs: list[int] = field(default_factory=list)


def unfinished_work(
    *, queued_before: datetime, processing_before: datetime, assembling_before: datetime
) -> UnfinishedWork:
    """Pages queued before ``queued_before``, pages processing since before
    ``processing_before``, inputs never read, assemblies begun before ``assembling_before``,
    and closed jobs whose every page is done but which never moved on to assembly."""
    live_pages = JobPage.objects.filter(job__state__in=LIVE_JOB_STATES)
    work = UnfinishedWork(
        queued_pages=list(
            live_pages.filter(state=State.QUEUED, queued_at__lt=queued_before)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        processing_pages=dict(
            live_pages.filter(state=State.PROCESSING, started_at__lt=processing_before)
            .order_by("pk")
            .values_list("pk", "worker")
        ),
        unread_inputs=list(
            JobInput.objects.filter(
                expanded=False,
                quarantined=False,
                job__state__in=LIVE_JOB_STATES,
                created_at__lt=queued_before,
            )
            .exclude(stored_name="")  # a file a full disk left out: retry stores it first
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        assembling_jobs=list(
            Job.objects.filter(state=Job.JobState.ASSEMBLING, updated_at__lt=assembling_before)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        complete_jobs=list(
            Job.objects.filter(
                state=Job.JobState.PROCESSING,
                closed_at__isnull=False,
                pages_failed=0,
                pages_total__gt=0,
                pages_done=F("pages_total"),
                inputs_expanded=F("inputs_total"),
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    )
    return work
