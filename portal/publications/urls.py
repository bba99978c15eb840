"""Public publication pages: metadata, cover, holdings availability and softcopy access."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from portal.publications import files, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.publication_list, name="publication-list"),
    path("<int:publication_id>/", views.publication_detail, name="publication-detail"),
    path("<int:publication_id>/sampul", files.publication_cover, name="publication-cover"),
    path("salinan/<int:softcopy_id>/berkas", files.softcopy_file, name="softcopy-file"),
    path(
        "salinan/<int:softcopy_id>/halaman/<int:number>/gambar",
        files.page_thumbnail,
        name="softcopy-page-thumbnail",
    ),
]
