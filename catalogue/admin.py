"""Staff UI for the catalogue and the digitisation jobs (Indonesian labels).

Forms check values with ``catalogue.validation`` and look for duplicates with the same
selector the services use; deleting a publication only marks it deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from catalogue.admin_forms import (
    FIELD_GROUPS,
    DeletedFilter,
    HasSoftcopyFilter,
    HoldingStatusFilter,
    PublicationAdminForm,
)
from catalogue.errors import CatalogueError
from catalogue.models import (
    AccessLog,
    Contributor,
    DigitisationJob,
    Holding,
    JobInput,
    JobPage,
    Page,
    Publication,
    PublicationContributor,
    Softcopy,
    Subject,
)
from catalogue.services.bulk_edits import publication_bulk_set_kind, softcopy_bulk_set_access
from catalogue.services.holdings import holding_set_status, holding_stamp_status
from catalogue.services.jobs import job_retry
from catalogue.services.publications import (
    publication_bulk_set_visibility,
    publication_delete,
    publication_restore,
)

# Every action names the permission it needs (``permissions=[...]``): Django then neither
# offers nor runs it for anyone without it (tests/security/ checks each action × role).
ACCESS_PERMISSION = "catalogue.change_softcopy"

# --- publications -------------------------------------------------------------------


def _public_url(name: str, *args: int) -> str | None:
    """A public page's address; None while the portal's pages are not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _cover_img(obj: Publication, *, height: int) -> SafeString | str:
    """The resized cover served by the public cover view (staff see hidden ones too)."""
    if not obj.cover:
        return "—"
    url = _public_url("publication-cover", obj.pk) or obj.cover.url
    return format_html(
        '<img src="{}" alt="" loading="lazy" style="height:{}px;width:auto;border:1px solid #ccc">',
        url,
        height,
    )


def _kind_action(kind: Publication.Kind) -> Callable[..., None]:
    def action(model_admin: Any, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        changed = publication_bulk_set_kind(publication_ids=ids, kind=kind)
        model_admin.message_user(
            request, f"Jenis {changed} dari {len(ids)} publikasi diubah menjadi {kind.label}."
        )

    action.__name__ = f"set_kind_{kind.value}"
    return admin.action(description=f"Ubah jenis menjadi: {kind.label}", permissions=["change"])(
        action
    )


def _access_action(level: Softcopy.Access) -> Callable[..., None]:
    """For publications (all their softcopies) or for softcopies themselves."""

    def action(model_admin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        if queryset.model is Publication:
            softcopies = Softcopy.objects.filter(publication__in=queryset.values("pk"))
        else:
            softcopies = queryset
        ids = list(softcopies.values_list("pk", flat=True))
        changed = softcopy_bulk_set_access(softcopy_ids=ids, access_level=level)
        model_admin.message_user(
            request,
            f"Akses {changed} dari {len(ids)} salinan digital diubah menjadi {level.label}.",
        )

    action.__name__ = f"set_access_{level.value}"
    return admin.action(
        description=f"Ubah akses salinan digital menjadi: {level.label}", permissions=["access"]
    )(action)


class AccessLevelGate:
    """Who may run the access-level actions: whoever may change softcopies (the Admin
    group), on publications as on softcopies; viewing or editing records is not enough."""

    def has_access_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(ACCESS_PERMISSION))


class CreditInline(admin.TabularInline):
    model = PublicationContributor
    extra = 0
    fields = ("position", "contributor", "role")
    autocomplete_fields = ("contributor",)
    verbose_name = "kontributor"
    verbose_name_plural = "kontributor dan perannya"


# What the admin shows beside the form's fields, by group title.
_ADMIN_ONLY: dict[str | None, list[str]] = {None: ["cover_preview"], "Akses": ["allow_duplicate"]}


class HoldingFormSet(BaseInlineFormSet):
    def save_new(self, form: forms.ModelForm, commit: bool = True) -> Any:
        holding_stamp_status(holding=form.instance, previous=None)
        return super().save_new(form, commit=commit)

    def save_existing(self, form: forms.ModelForm, obj: Any, commit: bool = True) -> Any:
        holding_stamp_status(holding=obj, previous=form.initial.get("status"))
        return super().save_existing(form, obj, commit=commit)


class HoldingInline(admin.TabularInline):
    model = Holding
    formset = HoldingFormSet
    extra = 0
    fields = Holding.EDITABLE_FIELDS
    show_change_link = True


class SoftcopyInline(admin.TabularInline):
    model = Softcopy
    fk_name = "publication"
    extra = 0
    fields = (
        "title",
        "version",
        "origin",
        "page_count",
        "pdfa",
        "signed",
        "access_level",
        "open_file",
    )
    readonly_fields = ("title", "version", "origin", "page_count", "pdfa", "signed", "open_file")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # softcopies come from digitisation jobs

    @admin.display(description="berkas")
    def open_file(self, obj: Softcopy) -> SafeString | str:
        url = _public_url("softcopy-file", obj.pk) if obj.pk else None
        return format_html('<a href="{}" target="_blank">Baca PDF</a>', url) if url else "—"


@admin.register(Publication)
class PublicationAdmin(AccessLevelGate, admin.ModelAdmin):
    form = PublicationAdminForm
    list_display = [
        "cover_thumbnail",
        "title",
        "year",
        "period",
        "catalogue_number",
        "kind",
        "subject_names",
        "holding_count",
        "has_softcopy",
        "visibility",
    ]
    list_display_links = ["cover_thumbnail", "title"]
    list_filter = [
        DeletedFilter,
        "year",
        "subjects",
        "kind",
        HoldingStatusFilter,
        HasSoftcopyFilter,
        "frequency",
        "visibility",
    ]
    search_fields = [
        "title",
        "subtitle",
        "catalogue_number",
        "publication_number",
        "issn_print",
        "issn_electronic",
        "isbn",
        "subjects__name",
        "contributors__name",
        "holdings__barcode",
    ]
    filter_horizontal = ["subjects"]
    readonly_fields = ["cover_preview", "created_at", "modified_at", "deleted_at"]
    inlines = [CreditInline, HoldingInline, SoftcopyInline]
    actions = [
        "make_public",
        "make_hidden",
        *[_kind_action(kind) for kind in Publication.Kind],
        *[_access_action(level) for level in Softcopy.Access],
        "soft_delete",
        "restore",
    ]
    # The form's groups, plus what only the admin shows (the cover preview, the duplicate
    # override and the record's history).
    fieldsets: ClassVar[list[Any]] = [
        (title, {"fields": [*names, *_ADMIN_ONLY.get(title, [])]}) for title, names in FIELD_GROUPS
    ] + [("Riwayat", {"fields": ["created_at", "modified_at", "deleted_at"]})]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Publication]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("subjects")
            .annotate(
                n_holdings=Count("holdings", distinct=True),
                n_softcopies=Count("softcopies", distinct=True),
            )
        )

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # hard delete would lose the OAI-PMH record
        return actions

    def view_on_site(self, obj: Publication) -> str | None:
        return _public_url("publication-detail", obj.pk)

    @admin.display(description="sampul")
    def cover_thumbnail(self, obj: Publication) -> SafeString | str:
        return _cover_img(obj, height=64)

    @admin.display(description="pratinjau sampul")
    def cover_preview(self, obj: Publication) -> SafeString | str:
        return _cover_img(obj, height=240) if obj.pk else "—"

    @admin.display(description="subjek")
    def subject_names(self, obj: Publication) -> str:
        return obj.subject

    @admin.display(description="eksemplar", ordering="n_holdings")
    def holding_count(self, obj: Publication) -> int:
        return int(getattr(obj, "n_holdings", 0))

    @admin.display(description="salinan digital", boolean=True)
    def has_softcopy(self, obj: Publication) -> bool:
        return bool(getattr(obj, "n_softcopies", 0))

    @admin.action(description="Jadikan publik", permissions=["change"])
    def make_public(self, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        self._set_visibility(request, queryset, Publication.Visibility.PUBLIC)

    @admin.action(description="Sembunyikan", permissions=["change"])
    def make_hidden(self, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        self._set_visibility(request, queryset, Publication.Visibility.HIDDEN)

    def _set_visibility(
        self, request: HttpRequest, queryset: QuerySet[Publication], visibility: str
    ) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        changed = publication_bulk_set_visibility(publication_ids=ids, visibility=visibility)
        label = Publication.Visibility(visibility).label
        self.message_user(
            request, f"Visibilitas {changed} dari {len(ids)} publikasi diubah menjadi {label}."
        )

    @admin.action(
        description="Hapus publikasi terpilih (tetap tercatat sebagai terhapus)",
        permissions=["delete"],
    )
    def soft_delete(self, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        publications = list(queryset)
        self.delete_queryset(request, queryset)
        self.message_user(request, f"{len(publications)} publikasi ditandai terhapus.")

    @admin.action(description="Pulihkan publikasi yang terhapus", permissions=["delete"])
    def restore(self, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        restored = 0
        for publication in queryset.filter(deleted_at__isnull=False):
            try:
                publication_restore(publication=publication)
            except CatalogueError as exc:
                self.message_user(request, f"{publication}: {exc.message_id} {exc.detail}")
                continue
            restored += 1
        self.message_user(request, f"{restored} publikasi dipulihkan.")

    def delete_model(self, request: HttpRequest, obj: Publication) -> None:
        publication_delete(publication=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        for publication in queryset:
            publication_delete(publication=publication)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """Only the records themselves are marked deleted; holdings and files stay."""
        names = [str(obj) for obj in objs]
        return names, {"publikasi": len(names)}, set(), []


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "publication_count"]
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subject]:
        return super().get_queryset(request).annotate(n_publications=Count("publications"))

    @admin.display(description="jumlah publikasi", ordering="n_publications")
    def publication_count(self, obj: Subject) -> int:
        return int(getattr(obj, "n_publications", 0))


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


# --- holdings and access ------------------------------------------------------------


def _status_action(status: Holding.Status) -> Callable[..., None]:
    def action(model_admin: Any, request: HttpRequest, queryset: QuerySet[Holding]) -> None:
        holdings = list(queryset)
        for holding in holdings:
            holding_set_status(holding=holding, status=status)
        model_admin.message_user(request, f"Status {len(holdings)} eksemplar diubah.")

    action.__name__ = f"set_status_{status.value}"
    return admin.action(description=f"Ubah status menjadi: {status.label}", permissions=["change"])(
        action
    )


@admin.register(Holding)
class HoldingAdmin(admin.ModelAdmin):
    list_display = [
        "barcode",
        "publication",
        "call_number",
        "shelf_location",
        "status",
        "condition",
        "acquisition_date",
        "status_changed_at",
    ]
    list_filter = ["status", "condition"]
    search_fields = ["barcode", "call_number", "shelf_location", "publication__title"]
    autocomplete_fields = ["publication"]
    readonly_fields = ["status_changed_at", "created_at", "modified_at"]
    # Further actions on copies (e.g. "digitise this copy") are added to this list.
    actions: list[Any] = [_status_action(status) for status in Holding.Status]

    def view_on_site(self, obj: Holding) -> str | None:
        return _public_url("publication-detail", obj.publication_id)

    def save_model(self, request: HttpRequest, obj: Holding, form: Any, change: bool) -> None:
        holding_stamp_status(holding=obj, previous=form.initial.get("status") if change else None)
        super().save_model(request, obj, form, change)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["accessed_at", "action", "softcopy", "user", "ip_address"]
    list_filter = ["action"]
    date_hierarchy = "accessed_at"
    search_fields = ["softcopy__title", "user__username", "ip_address"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- softcopies and digitisation jobs ----------------------------------------------


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = readonly_fields = ("number", "blank", "ocr", "thumbnail_image")
    can_delete = False
    show_change_link = False

    @admin.display(description="gambar kecil")
    def thumbnail_image(self, obj: Page) -> SafeString | str:
        url = _public_url("softcopy-page-thumbnail", obj.softcopy_id, obj.number)
        if not obj.thumbnail or url is None:
            return "—"
        return format_html('<img src="{}" alt="" loading="lazy" style="height:96px">', url)


@admin.register(Softcopy)
class SoftcopyAdmin(AccessLevelGate, admin.ModelAdmin):
    list_display = ["title", "version", "origin", "page_count", "pdfa", "signed", "access_level"]
    list_filter = ["origin", "pdfa", "access_level"]
    search_fields = ["title", "sha256", "publication__title"]
    readonly_fields = ["sha256", "size_bytes", "job", "derived_from"]
    inlines = [PageInline]
    actions = [_access_action(level) for level in Softcopy.Access]

    def view_on_site(self, obj: Softcopy) -> str | None:
        return _public_url("softcopy-file", obj.pk)


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

    @admin.action(description="Ulangi pekerjaan yang gagal", permissions=["change"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[DigitisationJob]) -> None:
        retried = 0
        for job in queryset.filter(state=DigitisationJob.JobState.FAILED):
            job_retry(job=job)
            retried += 1
        self.message_user(request, f"{retried} pekerjaan diulang.")
