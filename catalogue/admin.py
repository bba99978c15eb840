"""Staff UI for the catalogue and the digitisation jobs (Indonesian labels)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from catalogue.models import DigitisationJob, JobInput, JobPage, Page, Publication, Softcopy
from catalogue.services.jobs import job_retry


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "catalogue_number", "subject", "visibility"]
    list_filter = ["year", "subject", "visibility"]
    search_fields = ["title", "subtitle", "catalogue_number", "publication_number"]


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = readonly_fields = ("number", "blank", "ocr")
    can_delete = False
    show_change_link = False


@admin.register(Softcopy)
class SoftcopyAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "origin", "page_count", "pdfa", "signed", "access_level"]
    list_filter = ["origin", "pdfa", "access_level"]
    search_fields = ["title", "sha256"]
    readonly_fields = ["sha256", "size_bytes", "job", "derived_from"]


class JobInputInline(admin.TabularInline):
    model = JobInput
    extra = 0
    fields = readonly_fields = (
        "position",
        "filename",
        "kind",
        "size_bytes",
        "expanded",
        "quarantined",
    )
    can_delete = False


class JobPageInline(admin.TabularInline):
    model = JobPage
    extra = 0
    fields = readonly_fields = (
        "input",
        "index",
        "kind",
        "state",
        "attempts",
        "ocr",
        "blank",
        "error_id",
    )
    can_delete = False


@admin.register(DigitisationJob)
class DigitisationJobAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "state", "pages_done", "pages_total", "source", "created_at"]
    list_filter = ["state", "source"]
    search_fields = ["title"]
    readonly_fields = [
        "state",
        "closed_at",
        "pages_total",
        "pages_done",
        "pages_failed",
        "softcopy",
        "duplicate_of",
        "error_code",
        "error_id",
        "error_en",
        "error_detail",
        "started_at",
        "finished_at",
    ]
    inlines = [JobInputInline, JobPageInline]
    actions = ["retry_failed"]

    @admin.action(description="Ulangi pekerjaan yang gagal")
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[DigitisationJob]) -> None:
        retried = 0
        for job in queryset.filter(state=DigitisationJob.JobState.FAILED):
            job_retry(job=job)
            retried += 1
        self.message_user(request, f"{retried} pekerjaan diulang.")
