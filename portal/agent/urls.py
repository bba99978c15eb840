"""The scanner agent API (/api/v1/…): station, scan tasks, batches, and its OpenAPI schema.

Every route here must appear in openapi.json (tests/portal/test_agent_api.py checks).
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from portal.agent import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("openapi.json", views.openapi, name="agent-openapi"),
    path("station", views.station, name="agent-station"),
    path("scan-tasks", views.scan_tasks, name="agent-scan-tasks"),
    path("scan-tasks/<int:task_id>/claim", views.scan_task_claim, name="agent-scan-task-claim"),
    path("batches", views.batches, name="agent-batches"),
    path("batches/<int:batch_id>", views.batch_detail, name="agent-batch"),
    path("batches/<int:batch_id>/pages/<int:number>", views.batch_page, name="agent-batch-page"),
    path("batches/<int:batch_id>/close", views.batch_close_view, name="agent-batch-close"),
]
