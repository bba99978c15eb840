"""Reads of the complaints register: the filtered list and one complaint with its history."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from feedback.models import Complaint


def complaints_list(
    *,
    state: str = "",
    kind: str = "",
    channel: str = "",
    query: str = "",
    received_from: date | None = None,
    received_to: date | None = None,
) -> QuerySet[Complaint]:
    """The register, newest first; empty filters are ignored."""
    rows = Complaint.objects.select_related("officer")
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    if channel:
        rows = rows.filter(channel=channel)
    if query:
        rows = rows.filter(
            Q(reference__icontains=query)
            | Q(subject__icontains=query)
            | Q(lapor_ticket__icontains=query)
        )
    if received_from:
        rows = rows.filter(received_at__date__gte=received_from)
    if received_to:
        rows = rows.filter(received_at__date__lte=received_to)
    return rows


def complaint_get(pk: int) -> Complaint:
    return Complaint.objects.select_related(
        "officer", "answered_by", "closed_by", "recorded_by"
    ).get(pk=pk)
