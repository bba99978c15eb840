"""Reads of the scan queue, batches and their progress."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from catalogue.models import JobPage, Softcopy
from catalogue.models.jobs import State as PageState
from scanning.models import BatchPage, ScanBatch, ScanRequest, Station

State = ScanRequest.TaskState


def scan_requests_for_station(*, station: Station) -> QuerySet[ScanRequest]:
    """What a station may work on: pending tasks and the ones it holds, oldest first."""
    mine = Q(claimed_by=station, state__in=[State.CLAIMED, State.SCANNING])
    return (
        ScanRequest.objects.filter(Q(state=State.PENDING) | mine)
        .select_related("publication", "holding", "claimed_by")
        .order_by("created_at", "pk")
    )


def scan_request_queue(*, limit: int = 200) -> list[ScanRequest]:
    """The staff view: open tasks first (oldest first), then the most recent finished."""
    related = ("publication", "holding", "claimed_by", "visit")
    open_states = [State.PENDING, State.CLAIMED, State.SCANNING, State.FAILED]
    active = ScanRequest.objects.filter(state__in=open_states).select_related(*related)
    recent = (
        ScanRequest.objects.exclude(state__in=open_states)
        .select_related(*related)
        .order_by("-updated_at")[:50]
    )
    return [*active.order_by("created_at", "pk")[:limit], *recent]


def batch_for_station(*, station: Station, batch_id: int) -> ScanBatch | None:
    """A station sees only its own batches."""
    return (
        ScanBatch.objects.select_related("job", "job__softcopy")
        .filter(pk=batch_id, station=station)
        .first()
    )


def batch_pages_received(*, batch: ScanBatch) -> list[int]:
    return list(
        BatchPage.objects.filter(batch=batch).order_by("number").values_list("number", flat=True)
    )


def batch_part_states(*, batch: ScanBatch) -> list[dict[str, object]]:
    """Each stored part's progress on the server: its OCR state and whether a page of it
    looks blank (for the station's thumbnails), in part-number order."""
    parts = list(
        BatchPage.objects.filter(batch=batch).select_related("job_input").order_by("number")
    )
    pages: dict[int, list[tuple[str, bool]]] = {}
    rows = JobPage.objects.filter(input_id__in=[p.job_input_id for p in parts])
    for input_id, state, blank in rows.values_list("input_id", "state", "blank"):
        pages.setdefault(input_id, []).append((state, blank))
    return [
        {
            "number": part.number,
            "ocr": _part_state(part.job_input.expanded, pages.get(part.job_input_id, [])),
            "blank": any(blank for _, blank in pages.get(part.job_input_id, [])),
        }
        for part in parts
    ]


def _part_state(expanded: bool, pages: list[tuple[str, bool]]) -> str:
    states = {state for state, _ in pages}
    if not expanded or not pages:
        return "queued"
    if PageState.FAILED in states:
        return "failed"
    if states == {PageState.DONE}:
        return "done"
    return "processing" if PageState.PROCESSING in states or PageState.DONE in states else "queued"


def latest_batch(*, task: ScanRequest) -> ScanBatch | None:
    return (
        ScanBatch.objects.select_related("job", "job__softcopy", "station")
        .filter(scan_task=task)
        .order_by("-created_at", "-pk")
        .first()
    )


def scan_request_softcopy(*, task: ScanRequest) -> Softcopy | None:
    """The searchable PDF a task produced (its latest finished batch's job)."""
    batch = (
        ScanBatch.objects.select_related("job__softcopy")
        .filter(scan_task=task, job__softcopy__isnull=False)
        .order_by("-created_at", "-pk")
        .first()
    )
    return batch.job.softcopy if batch is not None else None


@dataclass(frozen=True)
class ScanRequestRow:
    """One line of the staff queue: the task and how far its latest batch has come."""

    task: ScanRequest
    batch: ScanBatch | None
    pages_received: int
    pages_done: int
    pages_total: int
    job_state: str

    @property
    def can_resend(self) -> bool:
        """Failed at delivery (a PDF exists); a task failed with its job has nothing to send."""
        task = self.task
        return (
            task.state == State.FAILED
            and task.kind == ScanRequest.Kind.SCAN_TO_EMAIL
            and task.finished_at is not None
        )

    @property
    def job_to_retry(self) -> int | None:
        """The failed job staff can retry (``pustaka retry``) so that the task completes."""
        if self.task.state != State.FAILED or self.task.finished_at is not None:
            return None
        return self.batch.job_id if self.batch is not None else None


def scan_request_rows(*, limit: int = 200) -> list[ScanRequestRow]:
    rows = []
    for task in scan_request_queue(limit=limit):
        batch = latest_batch(task=task)
        received = BatchPage.objects.filter(batch=batch).count() if batch else 0
        rows.append(
            ScanRequestRow(
                task=task,
                batch=batch,
                pages_received=received,
                pages_done=batch.job.pages_done if batch else 0,
                pages_total=batch.job.pages_total if batch else 0,
                job_state=batch.job.get_state_display() if batch else "",
            )
        )
    return rows
