"""The staff form for a visitor's scan-to-email request."""

from __future__ import annotations

from collections.abc import Mapping
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


def initial_from_query(params: Mapping[str, str]) -> dict[str, Any]:
    """``?kunjungan=<id>`` from the desk's visit card: that visit of today, and the email
    its visitor gave in the guestbook (if any), so the officer need not type them again.
    """
    raw = params.get("kunjungan", "")
    if not raw.isdigit():
        return {}
    today = timezone.localdate()
    visit = Visit.objects.select_related("visitor").filter(pk=int(raw), visit_date=today).first()
    if visit is None:
        return {}
    initial: dict[str, Any] = {"visit": visit.pk}
    if visit.visitor.email:
        initial["email"] = visit.visitor.email
    return initial
