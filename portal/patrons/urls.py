"""Sign-in, registration and the patron's own pages (under /akun/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView, TemplateView

from portal.patrons import requests, views

T = "portal/accounts/"

urlpatterns: list[URLPattern | URLResolver] = [
    # /akun/ itself: the account page, which sends a visitor who is not signed in to sign-in.
    path("", RedirectView.as_view(pattern_name="patron-account"), name="patron-home"),
    path("masuk/", views.PatronLoginView.as_view(), name="patron-login"),
    path("keluar/", views.PatronLogoutView.as_view(), name="patron-logout"),
    path("daftar/", views.register, name="patron-register"),
    path("daftar/terkirim/", views.register_sent, name="patron-register-sent"),
    path("verifikasi/<str:token>/", views.verify, name="patron-verify"),
    path("sandi/lupa/", views.PatronPasswordResetView.as_view(), name="patron-password-reset"),
    path(
        "sandi/lupa/terkirim/",
        TemplateView.as_view(template_name=T + "password_reset_sent.html"),
        name="patron-password-reset-sent",
    ),
    path(
        "sandi/atur/<uidb64>/<token>/",
        views.PatronPasswordResetConfirmView.as_view(),
        name="patron-password-reset-confirm",
    ),
    path(
        "sandi/selesai/",
        TemplateView.as_view(template_name=T + "password_reset_complete.html"),
        name="patron-password-reset-complete",
    ),
    path("saya/", views.account, name="patron-account"),
    path("hapus/", views.delete_account, name="patron-delete"),
    path("privasi/", TemplateView.as_view(template_name=T + "privacy.html"), name="patron-privacy"),
    path("permintaan/baru/", requests.request_new, name="softcopy-request-new"),
    path("unduh/<str:token>/", requests.download, name="softcopy-request-download"),
    path("staf/permintaan/", requests.queue, name="softcopy-request-queue"),
    path(
        "staf/permintaan/<int:request_id>/setujui/",
        requests.decide,
        {"decision": "approve"},
        name="softcopy-request-approve",
    ),
    path(
        "staf/permintaan/<int:request_id>/tolak/",
        requests.decide,
        {"decision": "reject"},
        name="softcopy-request-reject",
    ),
]
