from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import views
from portal.digitise import views as digitise_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/jobs/<int:job_id>", digitise_views.job_api, name="api-job"),
    path("api/v1/", include("portal.search.api_urls")),
    path("api/v1/", include("portal.tables.api_urls")),
    path("api/v1/", include("portal.agent.urls")),
    path("oai", include("portal.oai.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    *i18n_patterns(
        path("", views.home, name="home"),
        path("admin/", admin.site.urls),
        path("staf/digitalisasi/", include("portal.digitise.urls")),
        path("staf/pindai/", include("portal.scanning.urls")),
        path("staf/kotak-masuk/", include("portal.intake.urls")),
        path("staf/laporan/", include("portal.reports.urls")),
        path("pindai/", include("portal.scanning.public_urls")),
        path("buku-tamu/", include("portal.visitors.kiosk_urls")),
        path("layar-antrean/", include("portal.visitors.display_urls")),
        path("meja/", include("portal.visitors.urls")),
        path("publikasi/", include("portal.publications.urls")),
        path("", include("portal.tables.urls")),
        path("cari/", include("portal.search.urls")),
        path("akun/", include("portal.patrons.urls")),
        path("layanan/", include("portal.feedback.urls")),
        prefix_default_language=False,
    ),
]

admin.site.site_header = "Pustaka — Perpustakaan PST BPS Kota Pariaman"
admin.site.site_title = "Pustaka"
admin.site.index_title = "Administrasi"
