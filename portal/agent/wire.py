"""The JSON shapes of the agent API (see portal/agent/openapi.json)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from scanning.models import ScanBatch, ScanRequest
from scanning.selectors.queue import batch_pages_received, batch_part_states


def task_json(task: ScanRequest) -> dict[str, Any]:
    return {
        "id": task.pk,
        "kind": task.kind,
        "title": task.publication.title,
        "publication_id": task.publication_id,
        "holding_barcode": task.holding.barcode if task.holding else None,
        "pages": task.pages,
        "state": task.state,
        "claimed_by": task.claimed_by.name if task.claimed_by else None,
        "created_at": task.created_at.isoformat(),
    }


def batch_json(batch: ScanBatch, *, with_job: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": batch.pk,
        "client_batch_id": batch.client_batch_id,
        "state": batch.state,
        "job_id": batch.job_id,
        "pages_received": batch_pages_received(batch=batch),
        "title": batch.title,
        "page_count": batch.page_count,
        "scan_task_id": batch.scan_task_id,
        "publication_id": batch.publication_id,
        "page_order": batch.page_order,
    }
    if with_job:
        job = batch.job
        data["job"] = {
            "state": job.state,
            "pages_done": job.pages_done,
            "pages_total": job.pages_total,
            "softcopy_id": job.softcopy_id,
        }
        data["job_url"] = reverse("staff-job", args=[job.pk])
        data["parts"] = batch_part_states(batch=batch)
    return data
