"""``/api/v1/tables/<id>``: a table as JSON."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from portal.tables import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("tables/<int:table_id>", views.api_table, name="api-table"),
]
