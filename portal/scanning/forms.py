"""The staff form for a visitor's scan-to-email request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.selectors.publications import publication_list
from visitors.models import Visit


class ScanToEmailForm(forms.Form):
    publication = forms.ModelChoiceField(
        queryset=publication_list(),
        label=_("Publikasi"),
        error_messages={
            "invalid_choice": _("Publikasi itu tidak ada atau sudah dihapus dari katalog.")
        },
    )
    pages = forms.CharField(
        label=_("Halaman (mis. 1-5,9; kosong = semua)"), required=False, max_length=200
    )
    email = forms.EmailField(label=_("Surel pemohon"))
    visit = forms.ModelChoiceField(
        queryset=Visit.objects.none(),
        label=_("Kunjungan hari ini (tidak wajib)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        visit_field = self.fields["visit"]
        assert isinstance(visit_field, forms.ModelChoiceField)
        visit_field.queryset = Visit.objects.filter(visit_date=today).order_by("queue_number")
