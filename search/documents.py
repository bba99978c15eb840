"""Search documents built from the database, the truth.

A softcopy is indexed when it is marked searchable and its publication, if any, is not
deleted; its pages carry the publication's metadata (year, subjects, area, kind,
visibility) so a single query filters and facets. ``visible`` is false for hidden
publications and for softcopies not yet attached to one (``publication_id`` 0): only
staff searches leave that filter out. Only the publication's own record (``page`` 0)
makes its title searchable, so a title word does not turn every page into a hit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from catalogue.models import Page, Publication, Softcopy
from search_index.pages import page_document_id, record_document_id

ABSTRACT_CHARS = 4000


@dataclass(frozen=True)
class PublicationMeta:
    """What every document of one publication repeats."""

    id: int
    year: int | None
    subjects: list[str]
    area_code: str
    kind: str
    visible: bool

    def fields(self) -> dict[str, Any]:
        return {
            "publication_id": self.id,
            "year": self.year,
            "subjects": self.subjects,
            "area_code": self.area_code,
            "kind": self.kind,
            "visible": self.visible,
        }


ORPHAN = PublicationMeta(id=0, year=None, subjects=[], area_code="", kind="", visible=False)


def live_publications(ids: Iterable[int] | None = None) -> Iterator[Publication]:
    rows = Publication.objects.live().prefetch_related("subjects").order_by("pk")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.iterator(chunk_size=1000)


def meta_of(publication: Publication) -> PublicationMeta:
    return PublicationMeta(
        id=publication.pk,
        year=publication.year,
        subjects=[s.name for s in publication.subjects.all()],
        area_code=publication.area_code,
        kind=publication.kind,
        visible=publication.visibility == Publication.Visibility.PUBLIC,
    )


def publication_document(publication: Publication, meta: PublicationMeta) -> dict[str, Any]:
    return {
        "id": publication.pk,
        **meta.fields(),
        "title": publication.title,
        "subtitle": publication.subtitle,
        "catalogue_number": publication.catalogue_number,
        "publication_number": publication.publication_number,
        "area_name": publication.area_name,
        "abstract": publication.abstract[:ABSTRACT_CHARS],
    }


def record_document(publication: Publication, meta: PublicationMeta) -> dict[str, Any]:
    """The publication itself in the pages index (``page`` 0, readable by everyone)."""
    return {
        "id": record_document_id(publication.pk),
        **meta.fields(),
        "softcopy_id": 0,
        "page": 0,
        "access_level": Softcopy.Access.PUBLIC.value,
        "title": publication.title,
        "record_title": publication.title,
        "subtitle": publication.subtitle,
        "catalogue_number": publication.catalogue_number,
        "text": publication.abstract[:ABSTRACT_CHARS],
    }


INDEXED_SOFTCOPY = Q(searchable=True) & (
    Q(publication__isnull=True) | Q(publication__deleted_at__isnull=True)
)


def indexed_softcopies(publication_ids: Iterable[int] | None = None) -> Iterator[Softcopy]:
    rows = Softcopy.objects.filter(INDEXED_SOFTCOPY).order_by("pk")
    if publication_ids is not None:
        rows = rows.filter(publication_id__in=list(publication_ids))
    return rows.iterator(chunk_size=1000)


def softcopy_is_indexed(softcopy: Softcopy) -> bool:
    publication = softcopy.publication
    return bool(softcopy.searchable and (publication is None or publication.deleted_at is None))


def page_documents(softcopy: Softcopy, meta: PublicationMeta) -> Iterator[dict[str, Any]]:
    pages = Page.objects.filter(softcopy_id=softcopy.pk).order_by("number")
    for number, text in pages.values_list("number", "text").iterator(chunk_size=2000):
        yield page_document(softcopy, meta, number=number, text=text)


def page_document(
    softcopy: Softcopy, meta: PublicationMeta, *, number: int, text: str
) -> dict[str, Any]:
    """One page's document (also built by ``bench.search_scale``, so it measures this shape)."""
    return {
        "id": page_document_id(softcopy.pk, number),
        **meta.fields(),
        "softcopy_id": softcopy.pk,
        "page": number,
        "access_level": softcopy.access_level,
        "title": softcopy.title,
        "text": text,
    }
