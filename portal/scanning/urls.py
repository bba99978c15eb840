from __future__ import annotations

from django.urls import path

from portal.scanning import views

urlpatterns = [
    path("", views.queue, name="scan-queue"),
    path("baru/", views.scan_to_email_new, name="scan-to-email-new"),
    path("<int:task_id>/lepas/", views.task_release_view, name="scan-task-release"),
    path("<int:task_id>/kirim-ulang/", views.delivery_retry_view, name="scan-delivery-retry"),
    path("sampul/<int:task_id>/", views.cover_task, name="scan-cover-task"),
    path("sampul/publikasi/<int:publication_id>/", views.cover_publication, name="scan-cover-pub"),
]
