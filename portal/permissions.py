"""The one gate of every staff page: a named permission, checked after a staff sign-in.

Staff sign in on the staff page (the admin login), never on the patrons' page; a signed-out
visitor of a staff page is sent there, a signed-in user without the permission gets 403.
``is_staff`` opens no page by itself (docs/security.md: roles and what each may do).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.decorators import login_required, permission_required
from django.http.response import HttpResponseBase

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

STAFF_LOGIN_URL = "admin:login"


def staff_permission_required(*permissions: str) -> Callable[[View], View]:
    """Signed in (on the staff page) and holding every one of ``permissions``; else 403."""
    if not permissions:
        raise ValueError("name at least one permission: is_staff alone opens nothing")

    def decorate(view: View) -> View:
        checked = permission_required(list(permissions), raise_exception=True)(view)
        gated = login_required(checked, login_url=STAFF_LOGIN_URL)
        gated.required_permissions = permissions  # type: ignore[attr-defined]
        return gated

    return decorate
