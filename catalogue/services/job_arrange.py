"""Arranging an open job's inputs before it is closed: keep some, in a new order.

A scanner station lets the librarian delete, reorder, rotate (a new part) and rescan
(another new part) pages while they are already being OCR'd. When she closes the
batch, the job keeps exactly the inputs she kept, in her order; the others are
withdrawn (their rows go, their counters with them; the stored original file stays,
content-addressed, like every original). Workers still busy with a withdrawn input's
page find it gone and stop quietly (see ``catalogue.services.jobs``).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q

from catalogue.errors import JobClosedError
from catalogue.models import DigitisationJob, JobInput, JobPage
from catalogue.models.jobs import State

Job = DigitisationJob


def job_inputs_arrange(*, job: Job, keep: list[int]) -> None:
    """Keep the inputs ``keep`` (ids), in that order; withdraw every other input.

    Positions change only when the order does: then the kept inputs take fresh
    positions above every position the job ever used, so page outputs a worker writes
    under ``position-index`` names can never collide with an earlier page's.
    """
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.is_closed:
            raise JobClosedError(f"job {job.pk}")
        inputs = {i.pk: i for i in JobInput.objects.select_for_update().filter(job=locked)}
        unknown = [pk for pk in keep if pk not in inputs]
        if unknown or len(set(keep)) != len(keep):
            raise ValueError(f"inputs {keep} are not distinct inputs of job {job.pk}")
        _withdraw(locked, [pk for pk in inputs if pk not in keep])
        current = sorted(keep, key=lambda pk: inputs[pk].position)
        if current != keep:
            top = max(i.position for i in inputs.values())
            for offset, pk in enumerate(keep, start=1):
                JobInput.objects.filter(pk=pk).update(position=top + offset)


def _withdraw(job: Job, input_ids: list[int]) -> None:
    """Remove inputs and their pages, and take them out of the job's counters."""
    if not input_ids:
        return
    pages = JobPage.objects.filter(input_id__in=input_ids).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(state=State.DONE)),
        failed=Count("pk", filter=Q(state=State.FAILED)),
    )
    expanded = JobInput.objects.filter(pk__in=input_ids, expanded=True).count()
    JobPage.objects.filter(input_id__in=input_ids).delete()
    JobInput.objects.filter(pk__in=input_ids).delete()
    job.inputs_total -= len(input_ids)
    job.inputs_expanded -= expanded
    job.pages_total -= pages["total"]
    job.pages_done -= pages["done"]
    job.pages_failed -= pages["failed"]
    job.save(
        update_fields=[
            "inputs_total",
            "inputs_expanded",
            "pages_total",
            "pages_done",
            "pages_failed",
            "updated_at",
        ]
    )
