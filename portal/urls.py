from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    *i18n_patterns(
        path("", views.home, name="home"),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]

admin.site.site_header = "Pustaka — Perpustakaan PST BPS Kota Pariaman"
admin.site.site_title = "Pustaka"
admin.site.index_title = "Administrasi"
