"""The search page and the viewer it opens (inside i18n_patterns, under /cari/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from portal.search import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.search_page, name="search"),
    path("baca/<int:softcopy_id>/", views.viewer, name="search-viewer"),
]
