"""Re-dispatch work the broker lost or parked: the database is the truth.

A page, an input or an assembly whose message is gone (a broker restarted without
persistence) or parked (a worker killed mid-task; Redis hands the message out again only
after the visibility timeout) is sent again from what the database says. Each function
re-checks the row's state under the job's lock, so a row that moved on meanwhile is left
alone, and counts what it sent. The tasks stay idempotent, so the old message, should it
arrive later, changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalogue.enqueue import enqueue_on_commit
from catalogue.models import DigitisationJob, JobInput, JobPage
from catalogue.models.jobs import State
from catalogue.services.jobs import maybe_assemble
from common import tasknames

Job = DigitisationJob
LIVE_JOB_STATES = (Job.JobState.OPEN, Job.JobState.PROCESSING)


def pages_requeue_on_worker(*, worker: str) -> list[int]:
    """A worker (re)starting: its pages left ``processing`` cannot be running any more
    (the worker's processes are new), so each goes back on the queue at once."""
    page_ids = list(
        JobPage.objects.filter(
            worker=worker[:200], state=State.PROCESSING, job__state__in=LIVE_JOB_STATES
        ).values_list("pk", flat=True)
    )
    return pages_redispatch(page_ids=page_ids, states=(State.PROCESSING,), worker=worker)


def pages_redispatch(
    *, page_ids: Iterable[int], states: Iterable[str], worker: str | None = None
) -> list[int]:
    """Queue these pages again if they are still in one of ``states`` (and, when
    ``worker`` is given, still claimed by it); returns the ids actually sent."""
    allowed = [str(s) for s in states]
    sent: list[int] = []
    for page_id in page_ids:
        with transaction.atomic():
            job_id = JobPage.objects.filter(pk=page_id).values_list("job_id", flat=True).first()
            if job_id is None:
                continue
            Job.objects.select_for_update().filter(pk=job_id).first()
            matching = JobPage.objects.filter(
                pk=page_id, state__in=allowed, job__state__in=LIVE_JOB_STATES
            )
            if worker is not None:
                matching = matching.filter(worker=worker[:200])
            if not matching.update(
                state=State.QUEUED,
                queued_at=timezone.now(),
                redispatches=F("redispatches") + 1,
            ):
                continue
            Job.objects.filter(pk=job_id).update(redispatches=F("redispatches") + 1)
            enqueue_on_commit(tasknames.PROCESS_PAGE, page_id, queue=tasknames.QUEUE_OCR)
            sent.append(page_id)
    return sent


def inputs_redispatch(*, input_ids: Iterable[int]) -> list[int]:
    """Send an input's expansion again when it is still unread on a live job."""
    sent: list[int] = []
    for input_id in input_ids:
        with transaction.atomic():
            job_id = JobInput.objects.filter(pk=input_id).values_list("job_id", flat=True).first()
            if job_id is None:
                continue
            job = Job.objects.select_for_update().get(pk=job_id)
            pending = JobInput.objects.filter(pk=input_id, expanded=False, quarantined=False)
            if job.state not in LIVE_JOB_STATES or not pending.exists():
                continue
            Job.objects.filter(pk=job_id).update(redispatches=F("redispatches") + 1)
            enqueue_on_commit(tasknames.EXPAND_INPUT, input_id, queue=tasknames.QUEUE_DEFAULT)
            sent.append(input_id)
    return sent


def jobs_reassemble(*, job_ids: Iterable[int]) -> list[int]:
    """Assemble jobs whose pages are all done: a lost assembly message is sent again,
    and a complete job the fan-in missed is moved on. Assembly itself runs once
    (``job_complete`` checks the state under the job's lock)."""
    sent: list[int] = []
    for job_id in job_ids:
        with transaction.atomic():
            job = Job.objects.select_for_update().filter(pk=job_id).first()
            if job is None:
                continue
            if job.state == Job.JobState.PROCESSING:
                maybe_assemble(job)
                if job.state == Job.JobState.ASSEMBLING:
                    Job.objects.filter(pk=job_id).update(redispatches=F("redispatches") + 1)
                    sent.append(job_id)
                continue
            if job.state != Job.JobState.ASSEMBLING:
                continue
            Job.objects.filter(pk=job_id).update(
                redispatches=F("redispatches") + 1, updated_at=timezone.now()
            )
            enqueue_on_commit(tasknames.ASSEMBLE_JOB, job_id, queue=tasknames.QUEUE_ASSEMBLE)
            sent.append(job_id)
    return sent
