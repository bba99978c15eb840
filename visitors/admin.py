"""Staff UI for the visitor services (Indonesian labels).

Lockers are edited here; visits, reading records and photocopy forms are read-mostly
(their state changes go through the services, which audit them); the audit log is
read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from common.admin import ReadOnlyAdmin
from visitors.models import AuditEntry, Locker, PhotocopyRequest, ReadingRecord, Visit, Visitor


@admin.register(Locker)
class LockerAdmin(admin.ModelAdmin):
    list_display = ["number", "label", "active"]
    list_editable = ["label", "active"]
    list_filter = ["active"]
    ordering = ["number"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A locker with visits on record is deactivated instead (PROTECT keeps history).
        return obj is None or not obj.visits.exists()


class ReadingInline(admin.TabularInline):
    model = ReadingRecord
    extra = 0
    fields = readonly_fields = ("holding", "started_at", "returned_at")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PhotocopyInline(admin.TabularInline):
    model = PhotocopyRequest
    extra = 0
    fields = readonly_fields = ("publication", "pages", "page_count", "status", "issued_at")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = [
        "visit_date",
        "queue_number",
        "guestbook_at",
        "service",
        "purpose",
        "state",
        "service_started_at",
        "locker",
        "checked_out_at",
    ]
    list_filter = ["state", "visit_date", "service", "purpose", "institution_category"]
    date_hierarchy = "visit_date"
    inlines = [ReadingInline, PhotocopyInline]


@admin.register(Visitor)
class VisitorAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "institution_category", "created_at", "anonymised_at"]
    list_filter = ["institution_category", "anonymised_at"]
    search_fields = ["name", "phone", "email"]


@admin.register(ReadingRecord)
class ReadingRecordAdmin(ReadOnlyAdmin):
    list_display = ["holding", "visit", "started_at", "returned_at"]
    list_filter = ["returned_at"]


@admin.register(PhotocopyRequest)
class PhotocopyRequestAdmin(ReadOnlyAdmin):
    list_display = ["form_number", "publication", "pages", "page_count", "status", "issued_at"]
    list_filter = ["status", "year"]
    search_fields = ["number"]

    @admin.display(description="nomor formulir")
    def form_number(self, obj: PhotocopyRequest) -> str:
        return obj.form_number


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id"]
    date_hierarchy = "at"
