"""Reads of the feedback package."""

from feedback.selectors.complaints import complaint_get, complaints_list
from feedback.selectors.ikm import IkmReport, Period, ikm_report, ikm_report_csv, period_parse

__all__ = [
    "IkmReport",
    "Period",
    "complaint_get",
    "complaints_list",
    "ikm_report",
    "ikm_report_csv",
    "period_parse",
]
