"""The patrons' sign-in page, and the link to it that brings the reader back afterwards.

``settings.LOGIN_URL`` is the staff sign-in (plain ``login_required`` guards staff pages);
pages for patrons and readers send the signed-out here instead.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseRedirect

PATRON_LOGIN_URL = "patron-login"

# For the patrons' own pages: signed out, they go to the patrons' sign-in page.
patron_login_required = login_required(login_url=PATRON_LOGIN_URL)


def sign_in_url(request: HttpRequest) -> str:
    """``/akun/masuk/?next=<this page>``, built as Django's own login redirect builds it."""
    return str(patron_sign_in(request)["Location"])


def patron_sign_in(request: HttpRequest) -> HttpResponseRedirect:
    """The redirect to the patrons' sign-in page and back to this page."""
    return redirect_to_login(request.get_full_path(), login_url=PATRON_LOGIN_URL)
