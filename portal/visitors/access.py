"""Who may use the desk screens, and the visitor domain's messages in the active language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from portal.permissions import staff_permission_required

# Created with the staff groups in visitors/migrations/0002_staff_groups.py.
DESK_PERMISSION = "visitors.use_desk"
REPORT_PERMISSION = "visitors.view_service_report"

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def desk_required(view: View) -> View:
    """Signed-in staff (the staff sign-in page) holding the desk permission."""
    return staff_permission_required(DESK_PERMISSION)(view)


def report_required(view: View) -> View:
    """Signed-in staff holding the service report permission."""
    return staff_permission_required(REPORT_PERMISSION)(view)


def officer_of(request: HttpRequest) -> User:
    """The signed-in officer the services record as having done a step."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
