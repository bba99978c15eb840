"""Read-mostly admin views; the register's workflow lives on the staff pages (/layanan/staf/)."""

from __future__ import annotations

from django.contrib import admin

from feedback.models import Complaint, ComplaintEvent, SurveyResponse


class ComplaintEventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "action", "from_state", "to_state", "actor")


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ("reference", "received_at", "kind", "channel", "subject", "state")
    list_filter = ("state", "kind", "channel")
    search_fields = ("reference", "subject", "lapor_ticket")
    readonly_fields = ("reference", "state", "started_at", "answered_at", "closed_at")
    inlines = [ComplaintEventInline]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ("submitted_on", "source", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
    list_filter = ("source", "submitted_on")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # answers are what people said: never edited
