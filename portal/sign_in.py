"""The link to the sign-in page that brings the reader back here afterwards."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest


def sign_in_url(request: HttpRequest) -> str:
    """``LOGIN_URL?next=<this page>``, built as Django's own login redirect builds it."""
    return str(redirect_to_login(request.get_full_path())["Location"])
