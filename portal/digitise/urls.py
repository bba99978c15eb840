from __future__ import annotations

from django.urls import path

from portal.digitise import views

urlpatterns = [
    path("", views.job_list, name="staff-jobs"),
    path("unggah/", views.job_upload, name="staff-job-upload"),
    path("<int:job_id>/", views.job_detail, name="staff-job"),
    path("<int:job_id>/pdf/", views.job_pdf, name="staff-job-pdf"),
    path("<int:job_id>/ulang/", views.job_retry_view, name="staff-job-retry"),
]
