"""The guestbook kiosk's form: the fields of ``guestbook_submit``, checked by the domain's rules.

Each field is checked by the same pure function the service uses
(``visitors.services.validation``), so every offending field is marked at once with the
domain's own message in the active language; the service checks everything again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.language import in_language
from portal.visitors import labels
from visitors.errors import ContactRequiredError, VisitorError
from visitors.models import choices as c
from visitors.services import validation as v

NO_AUTOFILL = {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}


class DomainChoiceField(forms.ChoiceField):
    """A choice the domain checks (its message names the field in both languages)."""

    def validate(self, value: Any) -> None:
        return None


def _text(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={**NO_AUTOFILL, **attrs})


def _number(maxlength: str) -> forms.TextInput:
    return _text(inputmode="numeric", pattern="[0-9]*", maxlength=maxlength)


def _select(choices: labels.Labels) -> DomainChoiceField:
    return DomainChoiceField(
        required=False,
        choices=[("", _("— pilih —")), *labels.choices(choices)],
        widget=forms.Select(attrs={"autocomplete": "off"}),
    )


def _radios(choices: labels.Labels) -> DomainChoiceField:
    return DomainChoiceField(
        required=False, choices=labels.choices(choices), widget=forms.RadioSelect
    )


class GuestbookForm(forms.Form):
    name = forms.CharField(
        label=_("Nama"), required=False, strip=False, widget=_text(maxlength="150")
    )
    phone = forms.CharField(
        label=_("Nomor HP"),
        required=False,
        widget=forms.TextInput(
            attrs={**NO_AUTOFILL, "type": "tel", "inputmode": "tel", "maxlength": "20"}
        ),
        help_text=_("mis. 0812 3456 7890"),
    )
    email = forms.CharField(
        label=_("Surel"),
        required=False,
        widget=forms.EmailInput(attrs={**NO_AUTOFILL, "maxlength": "254"}),
        help_text=_("mis. nama@contoh.id"),
    )
    birth_year = forms.CharField(
        label=_("Tahun lahir"), required=False, widget=_number("4"), help_text=_("mis. 1998")
    )
    sex = _radios(labels.SEX)
    education = _select(labels.EDUCATION)
    occupation = _select(labels.OCCUPATION)
    institution = forms.CharField(
        label=_("Instansi"),
        required=False,
        widget=_text(maxlength="200"),
        help_text=_("Sekolah, kampus, kantor, atau kosongkan bila perorangan."),
    )
    institution_category = _select(labels.INSTITUTION_CATEGORY)
    purpose = _radios(labels.PURPOSE)
    service = _radios(labels.SERVICE)
    is_group = forms.BooleanField(label=_("Saya datang bersama rombongan"), required=False)
    male_count = forms.CharField(label=_("Jumlah laki-laki"), required=False, widget=_number("4"))
    female_count = forms.CharField(label=_("Jumlah perempuan"), required=False, widget=_number("4"))
    id_type = _radios(labels.ID_TYPE)
    priority = _radios(labels.PRIORITY)
    consent = forms.BooleanField(
        label=_(
            "Saya telah membaca pemberitahuan privasi dan menyetujui pemrosesan data saya "
            "untuk keperluan tersebut."
        ),
        error_messages={
            "required": _("Centang persetujuan pemrosesan data pribadi untuk melanjutkan.")
        },
    )

    def __init__(self, *args: Any, this_year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.this_year = this_year or timezone.localdate().year
        self.fields["sex"].label = _("Jenis kelamin")
        self.fields["education"].label = _("Pendidikan terakhir")
        self.fields["occupation"].label = _("Pekerjaan")
        self.fields["institution_category"].label = _("Kategori instansi")
        self.fields["purpose"].label = _("Tujuan kunjungan")
        self.fields["service"].label = _("Layanan PST yang dibutuhkan")
        self.fields["id_type"].label = _("Kartu identitas yang diserahkan")
        self.fields["priority"].label = _("Layanan prioritas")
        self.fields["priority"].initial = ""

    def _checks(self) -> dict[str, Callable[[Any], Any]]:
        """Each field's domain check, in the order the kiosk shows the fields."""
        return {
            "name": v.clean_name,
            "phone": v.normalise_phone,
            "email": v.normalise_email,
            "birth_year": lambda raw: v.clean_birth_year(raw, this_year=self.this_year),
            "sex": lambda raw: v.clean_choice("sex", raw, c.Sex),
            "education": lambda raw: v.clean_choice("education", raw, c.Education),
            "occupation": lambda raw: v.clean_choice("occupation", raw, c.Occupation),
            "institution": lambda raw: v.clean_text("institution", raw, max_length=200),
            "institution_category": lambda raw: v.clean_choice(
                "institution_category", raw, c.InstitutionCategory
            ),
            "purpose": lambda raw: v.clean_choice("purpose", raw, c.Purpose),
            "service": lambda raw: v.clean_choice("service", raw, c.PstService),
            "id_type": lambda raw: v.clean_choice("id_type", raw, c.IdType),
            "priority": lambda raw: v.clean_choice("priority", raw, c.Priority) if raw else "",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, check in self._checks().items():
            try:
                data[field] = check(data.get(field, ""))
            except VisitorError as error:
                self.add_error(field, in_language(error))
        contact_checked = not self.has_error("phone") and not self.has_error("email")
        if contact_checked and not data.get("phone") and not data.get("email"):
            self.add_error("phone", in_language(ContactRequiredError))
        if not self.has_error("sex"):
            try:
                data["male_count"], data["female_count"] = v.clean_group(
                    is_group=bool(data.get("is_group")),
                    sex=data["sex"],
                    male_count=data.get("male_count"),
                    female_count=data.get("female_count"),
                )
            except VisitorError as error:
                self.add_error(getattr(error, "field", "male_count"), in_language(error))
        return data

    def submission(self) -> dict[str, Any]:
        """The checked values as ``guestbook_submit`` takes them."""
        names = [*self._checks(), "is_group", "male_count", "female_count"]
        return {name: self.cleaned_data[name] for name in names}
