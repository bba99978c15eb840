from __future__ import annotations

from django.urls import path

from portal.digitise import monitor, views

urlpatterns = [
    path("", views.job_list, name="staff-jobs"),
    path("unggah/", views.job_upload, name="staff-job-upload"),
    path("<int:job_id>/", views.job_detail, name="staff-job"),
    path("<int:job_id>/pdf/", views.job_pdf, name="staff-job-pdf"),
    path("<int:job_id>/ulang/", views.job_retry_view, name="staff-job-retry"),
    path("monitor/", monitor.monitor_page, name="staff-monitor"),
    path("monitor.json", monitor.monitor_json, name="staff-monitor-json"),
    path(
        "monitor/halaman/<int:page_id>/ulang/",
        monitor.page_retry_view,
        name="staff-monitor-page-retry",
    ),
    path(
        "monitor/halaman/<int:page_id>/lepas/",
        monitor.page_give_up_view,
        name="staff-monitor-page-give-up",
    ),
    path(
        "monitor/pekerjaan/<int:job_id>/ulang/",
        monitor.job_retry_view,
        name="staff-monitor-job-retry",
    ),
]
