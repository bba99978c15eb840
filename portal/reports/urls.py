"""``/staf/laporan/…``: the report hub, a topic's charts and tables, and their downloads."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from portal.reports import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.hub, name="staff-reports"),
    path("bulanan.pdf", views.monthly_pdf, name="staff-report-monthly-pdf"),
    path("<slug:topic>/", views.topic_page, name="staff-report"),
    path("<slug:topic>/xlsx/", views.topic_xlsx, name="staff-report-xlsx"),
    path("<slug:topic>/csv/<slug:table>/", views.topic_csv, name="staff-report-csv"),
]
