"""The publication admin's form (same checks as the services) and its list filters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest

from catalogue.errors import InvalidFieldError
from catalogue.models import Holding, Publication, Softcopy
from catalogue.selectors.publications import publication_duplicates
from catalogue.services.publications import KEY_FIELDS
from catalogue.validation import (
    FIELD_CHECKS,
    check_year,
    normalise_language,
)

_FIELD_CHECKS: dict[str, Callable[..., Any]] = {**FIELD_CHECKS, "language": normalise_language}
_IDENTIFYING = set(KEY_FIELDS)
# The publication's fields in the order and groups the admin shows them (catalogue/admin.py).
FIELD_GROUPS: list[tuple[str | None, list[str]]] = [
    (None, ["title", "subtitle", "kind", "edition", "cover"]),
    (
        "Identitas",
        ["catalogue_number", "publication_number", "issn_print", "issn_electronic", "isbn"],
    ),
    (
        "Terbitan",
        ["year", "period", "frequency", "release_date", "scheduled_date", "publisher", "pages"],
    ),
    ("Wilayah", ["area_code", "area_name"]),
    ("Isi", ["subjects", "language", "abstract", "notes"]),
    ("Akses", ["visibility"]),
]


class PublicationAdminForm(forms.ModelForm):
    allow_duplicate = forms.BooleanField(
        label="Tetap simpan walau tampak duplikat",
        required=False,
        help_text="Centang bila publikasi ini memang berbeda dari yang disebut duplikat.",
    )

    class Meta:
        model = Publication
        fields = [name for _, names in FIELD_GROUPS for name in names]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, check in _FIELD_CHECKS.items():
            value = (data.get(name) or "").strip()
            if value and name not in self.errors:
                try:
                    data[name] = check(value, field=name)
                except InvalidFieldError as exc:
                    self.add_error(name, exc.message_id)
        if data.get("year") is not None and "year" not in self.errors:
            try:
                check_year(data["year"])
            except InvalidFieldError as exc:
                self.add_error("year", exc.message_id)
        if not self.errors and not data.get("allow_duplicate"):
            self._refuse_duplicates(data)
        return data

    def _refuse_duplicates(self, data: dict[str, Any]) -> None:
        if self.instance.pk and not _IDENTIFYING & set(self.changed_data):
            return
        found = publication_duplicates(
            catalogue_number=data.get("catalogue_number") or "",
            publication_number=data.get("publication_number") or "",
            issn_print=data.get("issn_print") or "",
            issn_electronic=data.get("issn_electronic") or "",
            year=data.get("year"),
            period=data.get("period") or "",
            exclude_id=self.instance.pk,
        )
        if found:
            lines = "; ".join(duplicate.describe() for duplicate in found)
            raise forms.ValidationError(f"Publikasi ini tampaknya sudah ada di katalog: {lines}")


class DeletedFilter(admin.SimpleListFilter):
    """Deleted records are kept (for harvesters) but hidden unless asked for."""

    title = "status catatan"
    parameter_name = "dihapus"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ya", "Dihapus"), ("semua", "Semua")]

    def choices(self, changelist: Any) -> Any:
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Aktif",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "ya":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "semua":
            return queryset
        return queryset.filter(deleted_at__isnull=True)


class HoldingStatusFilter(admin.SimpleListFilter):
    title = "status eksemplar"
    parameter_name = "status_eksemplar"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in Holding.Status.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            holdings = Holding.objects.filter(publication=OuterRef("pk"), status=self.value())
            return queryset.filter(Exists(holdings))
        return queryset


class HasSoftcopyFilter(admin.SimpleListFilter):
    title = "salinan digital"
    parameter_name = "ada_salinan"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ya", "Ada"), ("tidak", "Tidak ada")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        files = Exists(Softcopy.objects.filter(publication=OuterRef("pk")))
        if self.value() == "ya":
            return queryset.filter(files)
        if self.value() == "tidak":
            return queryset.exclude(files)
        return queryset
