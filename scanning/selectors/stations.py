"""Which scanner station made which digitisation job (for lists that show a job's origin)."""

from __future__ import annotations

from collections.abc import Iterable

from scanning.models import ScanBatch


def station_names_by_job(job_ids: Iterable[int]) -> dict[int, str]:
    """job id -> the name of the station whose batch fed it (jobs from elsewhere absent)."""
    rows = ScanBatch.objects.filter(job_id__in=list(job_ids)).values_list("job_id", "station__name")
    return dict(rows)
