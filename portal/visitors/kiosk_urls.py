from __future__ import annotations

from django.urls import path

from portal.visitors import kiosk_views

urlpatterns = [
    path("", kiosk_views.guestbook, name="kiosk"),
    path("tiket/<str:token>/", kiosk_views.ticket, name="kiosk-ticket"),
]
