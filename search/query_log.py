"""Counting what readers search for, without who asked (the zero-result report)."""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from search.models import SearchQueryCount

_SPACES = re.compile(r"\s+")


def normalise_query(text: str) -> str:
    """Lower case, single spaces, at most ``QUERY_MAX`` characters: one row per wording."""
    return _SPACES.sub(" ", text).strip().lower()[: SearchQueryCount.QUERY_MAX]


def search_query_record(*, query: str, hits: int, day: date | None = None) -> None:
    """Count one search for ``query`` on ``day`` (today, local time); note if it found nothing."""
    text = normalise_query(query)
    if not text:
        return
    day = day or timezone.localdate()
    zero = 1 if hits == 0 else 0
    updated = SearchQueryCount.objects.filter(day=day, query=text).update(
        searches=F("searches") + 1, zero_results=F("zero_results") + zero
    )
    if updated:
        return
    try:
        with transaction.atomic():
            SearchQueryCount.objects.create(day=day, query=text, searches=1, zero_results=zero)
    except IntegrityError:  # another request created the row first
        SearchQueryCount.objects.filter(day=day, query=text).update(
            searches=F("searches") + 1, zero_results=F("zero_results") + zero
        )
