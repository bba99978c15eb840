from feedback.models.complaints import Complaint, ComplaintEvent, ReferenceCounter
from feedback.models.survey import (
    ELEMENT_CODES,
    ELEMENTS,
    SurveyInvitation,
    SurveyReceipt,
    SurveyResponse,
)

__all__ = [
    "ELEMENTS",
    "ELEMENT_CODES",
    "Complaint",
    "ComplaintEvent",
    "ReferenceCounter",
    "SurveyInvitation",
    "SurveyReceipt",
    "SurveyResponse",
]
