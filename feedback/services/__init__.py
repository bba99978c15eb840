"""Writes of the feedback package: the complaints register, the survey, the retention purge."""

from feedback.services.complaints import (
    complaint_answer,
    complaint_close,
    complaint_start,
    complaint_submit,
)
from feedback.services.retention import complaint_contacts_purge
from feedback.services.survey import (
    survey_invitation_check,
    survey_invitation_issue,
    survey_submit,
)

__all__ = [
    "complaint_answer",
    "complaint_close",
    "complaint_contacts_purge",
    "complaint_start",
    "complaint_submit",
    "survey_invitation_check",
    "survey_invitation_issue",
    "survey_submit",
]
