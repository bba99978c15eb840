"""The report topics: which tables each shows, and the permission its figures need."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.reports.collection import digitisation_tables, search_tables
from portal.reports.feedback import complaint_tables, ikm_tables
from portal.reports.tables import Month, Table
from portal.reports.visits import service_level_tables, visitor_tables

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)


@dataclass(frozen=True)
class Topic:
    code: str
    title: Any
    build: Callable[[Month], list[Table]]
    permission: str


TOPICS: dict[str, Topic] = {
    topic.code: topic
    for topic in (
        Topic("kunjungan", _("Kunjungan"), visitor_tables, "visitors.view_service_report"),
        Topic(
            "waktu-tunggu",
            _("Waktu tunggu dan janji 5 menit"),
            service_level_tables,
            "visitors.view_service_report",
        ),
        Topic("ikm", _("Kepuasan (IKM)"), ikm_tables, "feedback.view_surveyresponse"),
        Topic("pengaduan", _("Pengaduan dan saran"), complaint_tables, "feedback.view_complaint"),
        Topic(
            "digitalisasi",
            _("Digitalisasi dan koleksi"),
            digitisation_tables,
            "catalogue.view_digitisationjob",
        ),
        Topic("pencarian", _("Pencarian"), search_tables, "indexing.view_searchquerycount"),
    )
}


def topics_for(user: Any) -> list[Topic]:
    return [topic for topic in TOPICS.values() if user.has_perm(topic.permission)]


def parse_month(text: str | None) -> Month:
    """``YYYY-MM`` from the query string; this month when absent or not a month."""
    if text and (match := _MONTH.fullmatch(text.strip())):
        year, month = int(match.group(1)), int(match.group(2))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return Month(year, month)
    today = timezone.localdate()
    return Month(today.year, today.month)
