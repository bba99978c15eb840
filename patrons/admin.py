"""Staff UI: patrons and softcopy requests are read here; decisions go through the queue
at /akun/staf/permintaan/ (the services email the patron and record who decided)."""

from __future__ import annotations

from django.contrib import admin

from common.admin import ReadOnlyAdmin
from patrons.models import Patron, SoftcopyRequest


@admin.register(Patron)
class PatronAdmin(ReadOnlyAdmin):
    list_display = ["user", "institution", "verified_at", "last_activity", "created_at"]
    list_filter = ["verified_at"]
    search_fields = ["user__email", "user__first_name", "institution"]


@admin.register(SoftcopyRequest)
class SoftcopyRequestAdmin(ReadOnlyAdmin):
    list_display = ["pk", "publication", "patron", "purpose", "status", "requested_at",
                    "decided_at", "decided_by", "downloaded_at"]  # fmt: skip
    list_filter = ["status", "purpose"]
    date_hierarchy = "requested_at"
