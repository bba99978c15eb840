"""The feedback forms: thin shapes for the browser; the services do the checking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.models import ELEMENTS
from feedback.models.choices import Channel, ComplaintState, Kind

KIND_CHOICES = Kind.choices
CHANNEL_CHOICES = Channel.choices
STATE_CHOICES = ComplaintState.choices
RATING_CHOICES = [
    ("1", _("1 — Tidak baik")),
    ("2", _("2 — Kurang baik")),
    ("3", _("3 — Baik")),
    ("4", _("4 — Sangat baik")),
]
# The survey's elements, labelled for the form (Indonesian msgids, English in the catalogue).
ELEMENT_LABELS = {
    "u1": _("Persyaratan pelayanan"),
    "u2": _("Sistem, mekanisme, dan prosedur"),
    "u3": _("Waktu penyelesaian"),
    "u4": _("Biaya/tarif (layanan ini gratis)"),
    "u5": _("Produk spesifikasi jenis pelayanan"),
    "u6": _("Kompetensi pelaksana"),
    "u7": _("Perilaku pelaksana"),
    "u8": _("Penanganan pengaduan, saran, dan masukan"),
    "u9": _("Sarana dan prasarana"),
}


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by keyboard); bots fill it in."""

    homepage = forms.CharField(
        label=_("Jangan diisi"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("homepage", "").strip())


def _text(label: Any, *, max_length: int, required: bool = False, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length + 100,  # the service gives the bilingual "too long" message
        strip=False,
        widget=forms.TextInput(attrs=attrs),
    )


class ComplaintPublicForm(HoneypotMixin):
    kind = forms.ChoiceField(label=_("Jenis"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    subject = _text(_("Perihal"), max_length=200, required=True)
    text = forms.CharField(
        label=_("Isi"), strip=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=5100
    )
    contact_name = _text(_("Nama (tidak wajib)"), max_length=150, autocomplete="name")
    contact_email = _text(_("Surel (tidak wajib)"), max_length=254, type="email")
    contact_phone = _text(_("Nomor telepon (tidak wajib)"), max_length=30, type="tel")


class ComplaintStaffForm(ComplaintPublicForm):
    channel = forms.ChoiceField(label=_("Saluran"), choices=CHANNEL_CHOICES)
    received_at = forms.DateTimeField(
        label=_("Waktu diterima"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    lapor_ticket = _text(_("Nomor tiket LAPOR! (saluran LAPOR! saja)"), max_length=40)
    visit_id = forms.IntegerField(
        label=_("ID kunjungan (tidak wajib)"), required=False, min_value=1
    )

    field_order = ["channel", "received_at", "lapor_ticket", "kind", "subject", "text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["homepage"]  # staff are signed in: no bot trap
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime().replace(second=0, microsecond=0)
            )


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *STATE_CHOICES]
    )
    jenis = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua")), *KIND_CHOICES]
    )
    saluran = forms.ChoiceField(
        label=_("Saluran"), required=False, choices=[("", _("Semua")), *CHANNEL_CHOICES]
    )
    q = forms.CharField(label=_("Cari nomor, perihal, tiket"), required=False, max_length=100)


class AnswerForm(forms.Form):
    response = forms.CharField(
        label=_("Jawaban"), strip=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=5100
    )


class SurveyForm(HoneypotMixin):
    comment = forms.CharField(
        label=_("Komentar atau saran (tidak wajib; jangan tulis data pribadi)"),
        required=False,
        strip=False,
        max_length=2100,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, _label_id, _label_en in ELEMENTS:
            self.fields[code] = forms.ChoiceField(
                label=ELEMENT_LABELS[code], choices=RATING_CHOICES, widget=forms.RadioSelect
            )
        self.order_fields([code for code, _, _ in ELEMENTS] + ["comment", "homepage"])

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[code] for code, _, _ in ELEMENTS]
