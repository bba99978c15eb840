"""The upload form: files in order, a title, the OCR languages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in files if item] or [single(None, initial)]


LANGUAGES = [
    ("ind+eng", _("Indonesia + Inggris")),
    ("ind", _("Indonesia")),
    ("eng", _("Inggris")),
]


class JobUploadForm(forms.Form):
    documents = MultipleFileField(
        label=_("Berkas (PDF, PNG, TIFF atau JPEG; beberapa gambar menjadi satu dokumen)")
    )
    title = forms.CharField(label=_("Judul"), max_length=500, required=False)
    languages = forms.ChoiceField(label=_("Bahasa OCR"), choices=LANGUAGES, initial="ind+eng")
    clean_pages = forms.BooleanField(label=_("Bersihkan halaman (unpaper)"), required=False)
