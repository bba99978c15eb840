"""Table downloads under /publikasi/ (inside i18n_patterns); the staff editor."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from portal.tables import editor, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("publikasi/tabel/<int:table_id>.xlsx", views.table_xlsx, name="table-xlsx"),
    path("publikasi/tabel/<int:table_id>.csv", views.table_csv, name="table-csv"),
    path(
        "publikasi/salinan/<int:softcopy_id>/tabel.xlsx",
        views.softcopy_tables_xlsx,
        name="softcopy-tables-xlsx",
    ),
    path(
        "publikasi/<int:publication_id>/tabel.xlsx",
        views.publication_tables_xlsx,
        name="publication-tables-xlsx",
    ),
    path("staf/tabel/<int:table_id>/", editor.table_edit, name="staff-table-edit"),
]
