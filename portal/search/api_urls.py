from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from portal.search import api_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("search", api_views.search_api, name="api-search"),
]
