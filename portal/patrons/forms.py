"""Forms of the patron pages: thin validation before the patrons services."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from patrons.errors import InvalidEmailError
from patrons.models import SoftcopyRequest
from patrons.services.accounts import email_normalise, patron_reset_mail_claim, user_by_email


def login_name(raw: str) -> str:
    """Emails compare lower-cased; a staff username (no ``@``) is taken as typed."""
    text = (raw or "").strip()
    return text.lower() if "@" in text else text


class PatronLoginForm(AuthenticationForm):
    """Email and password of an online patron; staff accounts are sent to the staff page."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Surel atau kata sandi salah. Periksa kembali, atau atur ulang kata sandi."
        ),
        "not_verified": _(
            "Akun Anda belum diverifikasi. Buka tautan verifikasi yang kami kirim ke surel "
            "Anda; belum menerimanya? Daftar lagi dengan alamat yang sama untuk tautan baru."
        ),
        "staff_page": _("Akun staf masuk melalui halaman masuk staf, bukan halaman anggota ini."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Surel")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
        self.fields["password"].label = _("Kata sandi")

    def confirm_login_allowed(self, user: User) -> None:
        """Staff sign in only on the staff page (its lockout, its idle timeout); told only
        to whoever knows the password, so the answer reveals no account."""
        super().confirm_login_allowed(user)
        if user.is_staff or user.is_superuser:
            raise ValidationError(self.error_messages["staff_page"], code="staff_page")

    def clean(self) -> dict[str, Any]:
        username = login_name(self.cleaned_data.get("username") or "")
        self.cleaned_data["username"] = username
        try:
            return super().clean()
        except ValidationError:
            # Say "not verified" only to whoever knows the password: no enumeration.
            user = user_by_email(username) if "@" in username else None
            password = self.cleaned_data.get("password") or ""
            patron = getattr(user, "patron", None) if user is not None else None
            if (
                user is not None
                and patron is not None
                and not patron.verified
                and user.check_password(password)
            ):
                raise ValidationError(
                    self.error_messages["not_verified"], code="not_verified"
                ) from None
            raise


class PatronPasswordResetForm(PasswordResetForm):
    """Django's reset form, at most one mail per account per interval (the same answer
    either way, so the page still reveals nothing about the address)."""

    def get_users(self, email: str) -> Iterator[Any]:
        for user in super().get_users(email):
            if patron_reset_mail_claim(user=user):
                yield user


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.CharField(
        label=_("Surel"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    institution = forms.CharField(label=_("Instansi (tidak wajib)"), max_length=200, required=False)
    password1 = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Paling sedikit 8 karakter, tidak hanya angka, tidak mudah ditebak."),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("Saya telah membaca dan menyetujui pemberitahuan privasi di atas."),
        error_messages={"required": _("Pendaftaran memerlukan persetujuan Anda.")},
    )

    def clean_email(self) -> str:
        try:
            return email_normalise(self.cleaned_data["email"])
        except InvalidEmailError:
            raise ValidationError(_("Alamat surel tidak valid, mis. nama@contoh.id.")) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif first:
            probe = User(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("name", ""),
            )
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as problem:
                self.add_error("password1", problem)
        return data


class SoftcopyRequestForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Keperluan"),
        choices=[
            ("", "—"),
            ("research", _("Penelitian")),
            ("study", _("Tugas sekolah/kuliah")),
            ("work", _("Pekerjaan/kedinasan")),
            ("other", _("Lainnya")),
        ],
    )
    purpose_detail = forms.CharField(
        label=_("Keterangan keperluan (tidak wajib)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pages = forms.CharField(
        label=_("Halaman yang diperlukan (kosongkan untuk seluruh publikasi)"),
        max_length=200,
        required=False,
        help_text=_("Mis. 1-5, 9, 12-14"),
    )

    def clean_purpose(self) -> str:
        value = self.cleaned_data["purpose"]
        if value not in SoftcopyRequest.Purpose.values:
            raise ValidationError(_("Pilih keperluan permintaan."))
        return str(value)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Kata sandi Anda, untuk konfirmasi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Kata sandi salah."))
        return str(password)
