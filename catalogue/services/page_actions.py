"""What staff do about one page from the digitisation monitor: retry it, or give it up.

A failed page fails its job (``page_fail``), so retrying a failed page re-runs the job
from its kept inputs (``job_retry``: every failed page of that job goes back in the
queue). A stalled page (processing past the time limit, or queued and never taken) is
sent to the OCR queue again; the page task is idempotent, so a late duplicate does no
harm. Giving up marks a failed page as seen so the monitor stops asking; the job stays
failed with its reason.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from catalogue.enqueue import enqueue_on_commit
from catalogue.errors import CatalogueError
from catalogue.models import DigitisationJob, JobPage
from catalogue.models.jobs import State
from catalogue.selectors.monitor import GIVEN_UP
from catalogue.services.jobs import job_retry
from common import tasknames


class PageNotActionableError(CatalogueError):
    http_status = 409
    code = "page_not_actionable"
    message_id = "Halaman ini tidak gagal atau macet; tidak ada yang perlu diulang."
    message_en = "This page has neither failed nor stalled; there is nothing to retry."


def page_retry(*, page_id: int) -> JobPage:
    """Put a failed or stalled page back to work (a failed one through its job's retry)."""
    page = JobPage.objects.select_related("job").get(pk=page_id)
    if page.state == State.FAILED and page.job.state == DigitisationJob.JobState.FAILED:
        job_retry(job=page.job)
    elif page.state in (State.QUEUED, State.PROCESSING):
        with transaction.atomic():
            JobPage.objects.filter(pk=page.pk, state=page.state).update(
                state=State.QUEUED, queued_at=timezone.now()
            )
            enqueue_on_commit(tasknames.PROCESS_PAGE, page.pk, queue=tasknames.QUEUE_OCR)
    else:
        raise PageNotActionableError(f"page {page_id} is {page.state}")
    page.refresh_from_db()
    return page


def page_give_up(*, page_id: int, by: str) -> JobPage:
    """Take a failed page off the monitor's list; who and when are kept in its facts."""
    with transaction.atomic():
        page = JobPage.objects.select_for_update().get(pk=page_id)
        if page.state != State.FAILED:
            raise PageNotActionableError(f"page {page_id} is {page.state}")
        page.facts = {**page.facts, GIVEN_UP: timezone.now().isoformat(), "given_up_by": by}
        page.save(update_fields=["facts"])
    return page
