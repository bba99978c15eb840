"""Reads for the OAI-PMH provider: records by change time, sets, the earliest datestamp.

Every record ever published is listed, deleted and hidden ones too (the provider reports
them as deleted: ``deletedRecord`` is ``persistent``). Lists are ordered by
``(modified_at, id)`` and paged by the last key seen rather than by an offset, so records
added or changed while a harvester pages through do not shift the pages: a changed
record moves behind the cursor and is delivered again, in its new version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from catalogue.models import Publication, PublicationContributor, Softcopy, Subject

SUBJECT_SET = "subject"
KIND_SET = "kind"


@dataclass(frozen=True)
class OaiSet:
    spec: str  # e.g. "subject:12" or "kind:in_figures"
    name: str


@dataclass(frozen=True)
class OaiQuery:
    """What a list request asks for; ``until`` is exclusive (the caller rounds up)."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    set_spec: str = ""


Key = tuple[dt.datetime, int]  # (modified_at, id) of the last record delivered


def oai_is_withdrawn(publication: Publication) -> bool:
    """Reported as deleted: soft-deleted, or hidden from the public."""
    return publication.is_deleted or publication.visibility != Publication.Visibility.PUBLIC


def oai_sets() -> list[OaiSet]:
    """Every set: one per subject (by id, stable when a subject is renamed), one per kind.

    A subject is listed only while a public, live record has it: its name alone would
    otherwise tell harvesters about a hidden or deleted publication. (A set asked for by
    its spec still answers, so withdrawn records reach harvesters as deletions.)
    """
    shown = Publication.objects.filter(
        deleted_at__isnull=True, visibility=Publication.Visibility.PUBLIC
    )
    subjects = [
        OaiSet(f"{SUBJECT_SET}:{subject.pk}", subject.name)
        for subject in Subject.objects.filter(publications__in=shown)
        .distinct()
        .order_by("name", "pk")
    ]
    kinds = [OaiSet(f"{KIND_SET}:{value}", label) for value, label in Publication.Kind.choices]
    return subjects + kinds


def oai_set_specs(publication: Publication) -> list[str]:
    """The sets a record belongs to (uses the subjects prefetch)."""
    specs = [f"{SUBJECT_SET}:{subject.pk}" for subject in publication.subjects.all()]
    return [*sorted(specs), f"{KIND_SET}:{publication.kind}"]


def oai_set_is_known(set_spec: str) -> bool:
    family, _, value = set_spec.partition(":")
    if family == KIND_SET:
        return value in Publication.Kind.values
    if family == SUBJECT_SET and value.isdigit():
        return Subject.objects.filter(pk=int(value)).exists()
    return False


def _records() -> QuerySet[Publication]:
    credits = PublicationContributor.objects.select_related("contributor").order_by(
        "position", "pk"
    )
    return (
        Publication.objects.all()
        .annotate(has_softcopy=Exists(Softcopy.objects.filter(publication=OuterRef("pk"))))
        .prefetch_related("subjects", Prefetch("credits", queryset=credits))
    )


def _window(query: OaiQuery) -> Q:
    condition = Q()
    if query.since is not None:
        condition &= Q(modified_at__gte=query.since)
    if query.until is not None:
        condition &= Q(modified_at__lt=query.until)
    family, _, value = query.set_spec.partition(":")
    if family == KIND_SET:
        condition &= Q(kind=value)
    elif family == SUBJECT_SET:
        condition &= Q(subjects__pk=int(value) if value.isdigit() else -1)
    return condition


def _after(found: QuerySet[Publication], after: Key | None) -> QuerySet[Publication]:
    if after is None:
        return found
    modified_at, pk = after
    return found.filter(Q(modified_at__gt=modified_at) | Q(modified_at=modified_at, pk__gt=pk))


def oai_record_page(
    query: OaiQuery, *, after: Key | None, limit: int
) -> tuple[list[Publication], bool]:
    """Up to ``limit`` records after ``after`` by (modified_at, id), and whether more follow."""
    found = _after(_records(), after).filter(_window(query))
    page = list(found.order_by("modified_at", "pk")[: limit + 1])
    return page[:limit], len(page) > limit


def oai_record_count_after(query: OaiQuery, *, after: Key | None) -> int:
    """How many records remain from the page after ``after`` on (for completeListSize)."""
    return _after(Publication.objects.all(), after).filter(_window(query)).count()


def publication_list_for_dublin_core(*, include_deleted: bool = False) -> QuerySet[Publication]:
    """Records with what the Dublin Core mapping reads prefetched (for file exports)."""
    found = _records() if include_deleted else _records().filter(deleted_at__isnull=True)
    return found.order_by("pk")


def oai_record_get(publication_id: int) -> Publication | None:
    return _records().filter(pk=publication_id).first()


def oai_earliest_datestamp() -> dt.datetime | None:
    """The oldest change time of any record (a record's ``modified_at`` only grows)."""
    first = Publication.objects.order_by("modified_at").values_list("modified_at", flat=True)
    return first.first()
