from __future__ import annotations

from django.urls import path

from portal.visitors import display

urlpatterns = [
    path("", display.display_page, name="queue-display"),
    path("data.json", display.display_json, name="queue-display-json"),
    path("suara/<int:number>.wav", display.display_voice, name="queue-display-voice"),
]
