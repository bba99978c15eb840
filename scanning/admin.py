"""Staff UI for stations and the scan queue, and the "digitise this copy" action on holdings.

The catalogue must not import scanning, so the holding action is added from here to the
HoldingAdmin the catalogue registered (its ``actions`` list is meant to be extended).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from catalogue.models import Holding
from scanning.errors import ScanningError
from scanning.models import BatchPage, ScanBatch, ScanRequest, Station
from scanning.services.requests import scan_request_create_digitise
from scanning.services.stations import new_token, station_new_token


def _show_token(request: HttpRequest, station: Station, token: str) -> None:
    messages.warning(
        request,
        f"Token stasiun {station.name} (hanya ditampilkan sekali, simpan sekarang) / "
        f"station token (shown once, keep it now): {token}",
    )


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "created_at", "last_seen_at", "revoked_at"]
    list_filter = ["active"]
    search_fields = ["name"]
    fields = ["name", "active", "created_at", "last_seen_at", "revoked_at"]
    readonly_fields = ["created_at", "last_seen_at", "revoked_at"]
    actions = ["issue_new_token"]

    def save_model(self, request: HttpRequest, obj: Station, form: Any, change: bool) -> None:
        token = ""
        if not change:
            token, obj.token_hash = new_token()
        super().save_model(request, obj, form, change)
        if token:
            _show_token(request, obj, token)

    @admin.action(description="Buat token baru (token lama tidak berlaku)", permissions=["change"])
    def issue_new_token(self, request: HttpRequest, queryset: QuerySet[Station]) -> None:
        for station in queryset:
            _show_token(request, station, station_new_token(station=station))


class BatchPageInline(admin.TabularInline):
    model = BatchPage
    extra = 0
    can_delete = False
    fields = ["number", "sha256", "size_bytes", "job_input", "created_at"]
    readonly_fields = ["number", "sha256", "size_bytes", "job_input", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScanBatch)
class ScanBatchAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "station", "state", "page_count", "job", "created_at"]
    list_filter = ["state", "station", "source"]
    search_fields = ["title", "client_batch_id"]
    readonly_fields = [f.name for f in ScanBatch._meta.fields]
    inlines = [BatchPageInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ScanRequest)
class ScanRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "publication", "pages", "state", "claimed_by", "created_at"]
    list_filter = ["kind", "state", "claimed_by"]
    search_fields = ["publication__title", "holding__barcode"]
    autocomplete_fields = ["publication", "holding"]
    raw_id_fields = ["visit"]
    readonly_fields = [
        "state",
        "claimed_by",
        "claimed_at",
        "created_by",
        "created_at",
        "finished_at",
        "delivered_at",
        "delivered_as",
        "delivery_attempts",
        "requester_purged_at",
        "error_code",
        "error_id",
        "error_en",
        "error_detail",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Tasks are made by the services (holding status, page ranges, address checks):
        # the "Digitalkan eksemplar ini" action and the staff scan-to-email form.
        return False


@admin.action(description="Digitalkan eksemplar ini", permissions=["change"])
def digitise_holdings(model_admin: Any, request: HttpRequest, queryset: QuerySet[Holding]) -> None:
    """Queue each selected copy for scanning; it shows as being scanned meanwhile."""
    created = 0
    for holding in queryset.select_related("publication"):
        try:
            scan_request_create_digitise(holding=holding, created_by=_user(request))
            created += 1
        except ScanningError as exc:
            messages.error(request, f"{holding.barcode}: {exc.message_id} / {exc.message_en}")
    if created:
        messages.success(
            request, f"{created} eksemplar masuk antrean pindai / queued for scanning."
        )


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _extend_holding_actions() -> None:
    holding_admin = admin.site._registry.get(Holding)
    if holding_admin is None:  # the catalogue admin is not loaded (e.g. a trimmed site)
        return
    current = list(holding_admin.actions or [])
    if digitise_holdings not in current:
        holding_admin.actions = [*current, digitise_holdings]


_extend_holding_actions()
