"""Who may use the feedback staff screens, and the feedback messages in the active language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http.response import HttpResponseBase

from portal.permissions import staff_permission_required

# Given to the staff groups by feedback/migrations/0002_staff_permissions.py.
VIEW_REGISTER = "feedback.view_complaint"
ADD_COMPLAINT = "feedback.add_complaint"
CHANGE_COMPLAINT = "feedback.change_complaint"
VIEW_SURVEY_REPORT = "feedback.view_surveyresponse"
INVITE_SURVEY = "feedback.add_surveyinvitation"

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def staff_required(permission: str) -> Callable[[View], View]:
    """Signed-in staff (the staff sign-in page) holding ``permission``; else 403."""
    return staff_permission_required(permission)
