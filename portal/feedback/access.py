"""Who may use the feedback staff screens, and the feedback messages in the active language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http.response import HttpResponseBase
from django.utils.translation import get_language

from feedback.errors import FeedbackError
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


def in_language(error: FeedbackError | type[FeedbackError]) -> str:
    """The error's message in the active language (Indonesian unless English is asked for)."""
    return error.message_en if (get_language() or "id").startswith("en") else error.message_id
