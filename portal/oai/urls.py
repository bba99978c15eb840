"""OAI-PMH 2.0 data provider at /oai (for Indonesia OneSearch)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from portal.oai import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.endpoint, name="oai"),
]
