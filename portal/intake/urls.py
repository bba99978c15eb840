from __future__ import annotations

from django.urls import path

from portal.intake import views

urlpatterns = [
    path("", views.inbox, name="staff-inbox"),
    path("<int:softcopy_id>/", views.inbox_item, name="staff-inbox-item"),
    path("<int:softcopy_id>/halaman/<int:number>/", views.page_image, name="staff-inbox-page"),
]
