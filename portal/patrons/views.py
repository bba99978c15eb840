"""Patron account pages: register, verify, sign in and out, my account, delete.

Thin edges: forms validate, ``patrons.services`` do the work. Answers about an email
address never differ by whether it has an account.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from patrons.errors import PatronError
from patrons.selectors.accounts import verification_account
from patrons.selectors.requests import patron_of, requests_of_patron
from patrons.services.accounts import (
    PRIVACY_NOTICE_VERSION,
    patron_erase,
    patron_register,
    patron_touch,
    patron_verify,
)
from portal.patrons.forms import (
    DeleteAccountForm,
    PatronLoginForm,
    PatronPasswordResetForm,
    RegistrationForm,
)
from portal.patrons.messages import error_text
from portal.public_urls import public_base
from portal.sign_in import patron_login_required

T = "portal/accounts/"


class PatronLoginView(auth_views.LoginView):
    form_class = PatronLoginForm
    template_name = T + "login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        patron_touch(user=form.get_user())
        return response

    def get_default_redirect_url(self) -> str:
        return str(reverse("patron-account"))


class PatronLogoutView(auth_views.LogoutView):
    next_page = "home"


class PatronPasswordResetView(auth_views.PasswordResetView):
    """Django's reset: the same answer whether or not the address has an account."""

    form_class = PatronPasswordResetForm
    template_name = T + "password_reset.html"
    email_template_name = "patrons/mail/password_reset_body.txt"
    subject_template_name = "patrons/mail/password_reset_subject.txt"
    success_url = reverse_lazy("patron-password-reset-sent")

    def get_extra_email_context(self) -> dict[str, Any]:
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))
        return {"base_url": public_base(self.request), "timeout_days": days}

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PatronPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = T + "password_reset_confirm.html"
    success_url = reverse_lazy("patron-password-reset-complete")


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return redirect("patron-account")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            patron_register(
                name=data["name"],
                email=data["email"],
                password=data["password1"],
                institution=data.get("institution") or "",
                consent=bool(data["consent"]),
                base_url=public_base(request),
            )
        except PatronError as problem:
            form.add_error(None, error_text(problem))
        else:
            return redirect("patron-register-sent")
    context = {"form": form, "notice_version": PRIVACY_NOTICE_VERSION}
    return render(request, T + "register.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET"])
def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, T + "register_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponseBase:
    """GET shows a confirm button and changes nothing (mail scanners follow links);
    the POST it sends activates the account, then comes back here to show the result."""
    try:
        if request.method == "POST":
            patron_verify(token=token)
            return redirect("patron-verify", token=token)
        patron = verification_account(token=token)
    except PatronError as problem:
        context = {"problem": error_text(problem)}
        return render(request, T + "verify.html", context, status=problem.http_status)
    shown = {"problem": "", "verified": patron.verified, "email": patron.user.email}
    return render(request, T + "verify.html", shown)


@patron_login_required
@never_cache
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # signed in (login_required)
    context = {
        "patron": patron_of(user),
        "requests": list(requests_of_patron(user)),
        "can_decide": request.user.has_perm("patrons.decide_softcopyrequest"),
    }
    return render(request, T + "account.html", context)


@patron_login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            patron_erase(user=user)  # type: ignore[arg-type]
        except PatronError as problem:
            form.add_error(None, error_text(problem))
        else:
            logout(request)
            messages.success(
                request, _("Akun Anda dan data pribadinya telah dihapus. Terima kasih.")
            )
            return redirect("home")
    status = 400 if form.errors else 200
    return render(request, T + "delete.html", {"form": form}, status=status)
