"""The confirm screen's form: each proposed field (accept, correct or reject), and what
to do — attach to a matching publication or make a new record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Publication
from catalogue.proposal.result import FIELDS, Proposal
from catalogue.selectors.intake import Match

LABELS = {
    "title": _("Judul"),
    "title_en": _("Judul bahasa Inggris"),
    "year": _("Tahun"),
    "period": _("Periode"),
    "catalogue_number": _("Nomor katalog BPS"),
    "publication_number": _("Nomor publikasi"),
    "issn": _("ISSN"),
    "issn_electronic": _("ISSN elektronik"),
    "isbn": _("ISBN"),
    "area_code": _("Kode wilayah"),
    "area_name": _("Nama wilayah"),
    "kind": _("Jenis publikasi"),
    "subjects": _("Subjek (pisahkan dengan ;)"),
}
NEW = "new"


class ConfirmForm(forms.Form):
    target = forms.ChoiceField(label=_("Tindakan"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, matches: list[Match], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            if name == "kind":
                choices = [("", "—"), *Publication.Kind.choices]
                self.fields[name] = forms.ChoiceField(
                    label=LABELS[name], choices=choices, required=False
                )
            else:
                self.fields[name] = forms.CharField(
                    label=LABELS[name], required=False, max_length=500
                )
            self.fields[f"reject_{name}"] = forms.BooleanField(label=_("Tolak"), required=False)
        choices = [(str(m.publication.pk), f"#{m.publication.pk} {m.publication}") for m in matches]
        choices.append((NEW, str(_("Buat publikasi baru dari isian ini"))))
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = choices

    def values(self) -> dict[str, str]:
        """The confirmed values: a rejected field is left empty."""
        data = self.cleaned_data
        return {
            name: "" if data.get(f"reject_{name}") else str(data.get(name) or "").strip()
            for name in FIELDS
        }

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(name, self[name], self[f"reject_{name}"]) for name in FIELDS]


def initial_for(proposal: Proposal, matches: list[Match]) -> dict[str, str]:
    """The proposal as the form's starting values; a match is proposed before a new record."""
    initial = proposal.as_values()
    initial["target"] = str(matches[0].publication.pk) if matches else NEW
    return initial
