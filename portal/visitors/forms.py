"""The desk's small forms: a locker choice, a publication pick, page ranges, a report period."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.selectors.publications import publication_list
from common.language import in_language
from visitors.errors import VisitorError
from visitors.models import Locker
from visitors.services import validation as v

MAX_REPORT_DAYS = 366


class LockerAssignForm(forms.Form):
    # Any locker: whether it is still free is the service's call (it names the problem).
    locker = forms.ModelChoiceField(
        queryset=Locker.objects.all(),
        required=False,
        label=_("Loker"),
        empty_label=_("Loker kosong bernomor terendah"),
    )


class PublicationSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari judul publikasi"), required=False, max_length=200)


def _publication_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=publication_list(),
        label=_("Publikasi"),
        error_messages={
            "required": _("Pilih publikasi dari hasil pencarian."),
            "invalid_choice": _("Publikasi itu tidak ada atau sudah dihapus dari katalog."),
        },
    )


class ReadingForm(forms.Form):
    """The copy's barcode, typed, scanned, or posted by a copy's button in the search."""

    barcode = forms.CharField(
        label=_("Barkode eksemplar"),
        max_length=64,
        error_messages={"required": _("Tulis atau pindai barkode eksemplar yang diserahkan.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class PhotocopyForm(forms.Form):
    """A publication from the search, or a copy the visitor reads (taken to the cooperative)."""

    publication = _publication_field()
    holding = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The copy in hand names its publication; the search pick is needed only without one.
        self.fields["publication"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        nothing_picked = not cleaned.get("holding") and not cleaned.get("publication")
        if nothing_picked and "publication" not in self.errors:
            self.add_error("publication", _("Pilih publikasi dari hasil pencarian."))
        return cleaned

    pages = forms.CharField(
        label=_("Halaman"),
        required=False,
        max_length=200,
        help_text=_("mis. 1-5, 9, 12-14"),
    )

    def clean_pages(self) -> str:
        pages: str = self.cleaned_data.get("pages", "")
        try:
            v.parse_page_ranges(pages)
        except VisitorError as error:
            raise forms.ValidationError(in_language(error)) from error
        return pages


def month_bounds(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s month."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


class ReportPeriodForm(forms.Form):
    """``mulai``/``sampai`` (YYYY-MM-DD), or ``bulan`` (YYYY-MM); today when none is given."""

    mulai = forms.DateField(
        label=_("Mulai"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sampai = forms.DateField(
        label=_("Sampai"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    bulan = forms.CharField(label=_("Bulan"), required=False, max_length=7)

    def clean_bulan(self) -> date | None:
        text = self.cleaned_data.get("bulan", "").strip()
        if not text:
            return None
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except ValueError as error:
            raise forms.ValidationError(_("Tulis bulan sebagai TTTT-BB, mis. 2026-03.")) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        if data.get("bulan"):
            data["mulai"], data["sampai"] = month_bounds(data["bulan"])
        start = data.get("mulai") or data.get("sampai") or today
        end = data.get("sampai") or (start if data.get("mulai") else today)
        if start > end:
            raise forms.ValidationError(_("Tanggal mulai harus sebelum atau sama dengan sampai."))
        if end - start > timedelta(days=MAX_REPORT_DAYS):
            raise forms.ValidationError(
                _("Periode laporan paling panjang %(days)s hari.") % {"days": MAX_REPORT_DAYS}
            )
        data["mulai"], data["sampai"] = start, end
        return data
