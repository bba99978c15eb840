"""Template filters that show stored codes as translated words (never ``done`` on a page)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from catalogue.models import DigitisationJob, JobPage

register = template.Library()

_JOB_STATES = dict(DigitisationJob.JobState.choices)
_PAGE_STATES = dict(JobPage._meta.get_field("state").choices or [])
_PAGE_KINDS = dict(JobPage.Kind.choices)


@register.filter
def job_state(code: str) -> str:
    """A digitisation job's state in the active language (model labels are Indonesian)."""
    return gettext(str(_JOB_STATES.get(code, code)))


@register.filter
def page_state(code: str) -> str:
    """A page's state (queued, processing, done, failed) in the active language."""
    return gettext(str(_PAGE_STATES.get(code, code)))


@register.filter
def page_kind(code: str) -> str:
    return gettext(str(_PAGE_KINDS.get(code, code)))
