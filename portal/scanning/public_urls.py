"""The link in a scan-to-email mail (no sign-in: the signed token is the permission)."""

from __future__ import annotations

from django.urls import path

from portal.scanning import views

urlpatterns = [path("unduh/<str:token>/", views.download, name="scan-download")]
