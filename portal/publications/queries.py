"""What the public publication pages show, read through the catalogue and its one access rule.

Readers see only public, live records and only the softcopies their level allows (or,
for patrons' files, a prompt to sign in); staff with the catalogue's view permission also
see hidden and deleted records, and holders of the staff-files permission every file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalogue.models import Holding, Page, Publication, Softcopy, Subject
from catalogue.selectors.access import (
    Reader,
    access_levels_for,
    reads_staff_files,
    sees_hidden_records,
    softcopy_readable_by,
)
from catalogue.selectors.publications import holding_list, publication_list

# The holding statuses in the words a visitor needs (the model's labels are for staff).
STATUS_LABELS: dict[str, Promise] = {
    Holding.Status.AVAILABLE: _("Tersedia di rak"),
    Holding.Status.READING_ROOM: _("Sedang dibaca di ruang baca"),
    Holding.Status.SCANNING: _("Sedang dipindai"),
    Holding.Status.PHOTOCOPY: _("Sedang difotokopi"),
    Holding.Status.MISSING: _("Hilang"),
}
KIND_LABELS: dict[str, Promise] = {
    Publication.Kind.IN_FIGURES: _("Dalam Angka"),
    Publication.Kind.REGIONAL: _("Statistik Daerah"),
    Publication.Kind.INDICATORS: _("Indikator"),
    Publication.Kind.ANALYSIS: _("Analisis"),
    Publication.Kind.SURVEY: _("Hasil sensus dan survei"),
    Publication.Kind.NEWS: _("Berita Resmi Statistik"),
    Publication.Kind.DIRECTORY: _("Direktori"),
    Publication.Kind.OTHER: _("Lainnya"),
}
THUMBNAILS_SHOWN = 8


def visible_publications(user: Reader) -> QuerySet[Publication]:
    """Live public records; staff also see hidden ones (deleted ones only by id)."""
    found = publication_list()
    if not sees_hidden_records(user):
        found = found.filter(visibility=Publication.Visibility.PUBLIC)
    return found


def browse(
    user: Reader, *, year: int | None = None, subject: int | None = None, kind: str = ""
) -> QuerySet[Publication]:
    """Newest first: by year, then release date, then the latest catalogued."""
    found = visible_publications(user)
    if year is not None:
        found = found.filter(year=year)
    if subject is not None:
        found = found.filter(subjects__pk=subject)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by(
        F("year").desc(nulls_last=True), F("release_date").desc(nulls_last=True), "-pk"
    ).distinct()


@dataclass(frozen=True)
class Facets:
    years: list[int]
    subjects: list[Subject]
    kinds: list[tuple[str, Promise]]


def facets(user: Reader) -> Facets:
    """The values worth offering as filters: those some visible record has."""
    visible = visible_publications(user)
    years = {year for year in visible.values_list("year", flat=True) if year is not None}
    subjects = (
        Subject.objects.filter(publications__in=visible.values("pk"))
        .annotate(n=Count("publications"))
        .order_by("name")
    )
    kinds = set(visible.values_list("kind", flat=True))
    return Facets(
        years=sorted(years, reverse=True),
        subjects=list(subjects),
        kinds=[(value, label) for value, label in KIND_LABELS.items() if value in kinds],
    )


def publication_for_page(user: Reader, publication_id: int) -> Publication:
    """One record for its page; 404 unless the reader may see it."""
    records = Publication.objects.all() if sees_hidden_records(user) else visible_publications(user)
    try:
        return records.prefetch_related("subjects").get(pk=publication_id)
    except Publication.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class Availability:
    counts: list[tuple[Promise, int]]
    copies: list[Holding]
    on_shelf: int


def availability(publication: Publication) -> Availability:
    """Printed copies a visitor can ask for (withdrawn ones are no longer in the library)."""
    copies = list(holding_list(publication=publication).exclude(status=Holding.Status.WITHDRAWN))
    counts = [
        (label, n)
        for status, label in STATUS_LABELS.items()
        if (n := sum(1 for copy in copies if copy.status == status))
    ]
    on_shelf = sum(1 for copy in copies if copy.status == Holding.Status.AVAILABLE)
    return Availability(counts=counts, copies=copies, on_shelf=on_shelf)


@dataclass
class SoftcopyEntry:
    softcopy: Softcopy
    readable: bool
    sign_in_to_read: bool
    thumbnails: list[Page] = field(default_factory=list)


def softcopy_entries(publication: Publication, user: Reader) -> list[SoftcopyEntry]:
    """The softcopies this reader may know about, newest version first.

    Staff-only files are not listed to others; patrons' files are listed to anonymous
    visitors with a prompt to sign in.
    """
    listed_levels = [Softcopy.Access.PUBLIC, Softcopy.Access.PATRONS]
    if reads_staff_files(user):
        listed_levels.append(Softcopy.Access.STAFF)
    # The first few pictures only, and not the pages' text (a report may have 300 pages).
    pages = (
        Page.objects.exclude(thumbnail="")
        .only("pk", "softcopy_id", "number", "thumbnail")
        .order_by("number")[:THUMBNAILS_SHOWN]
    )
    softcopies = (
        publication.softcopies.filter(access_level__in=listed_levels)
        .select_related("publication")
        .prefetch_related(Prefetch("pages", queryset=pages, to_attr="with_thumbnails"))
        .order_by("-version", "-pk")
    )
    levels = access_levels_for(user)
    entries = []
    for softcopy in softcopies:
        readable = softcopy_readable_by(softcopy, user)
        entries.append(
            SoftcopyEntry(
                softcopy=softcopy,
                readable=readable,
                sign_in_to_read=not readable and softcopy.access_level not in levels,
                thumbnails=list(getattr(softcopy, "with_thumbnails", [])) if readable else [],
            )
        )
    return entries


def readable_softcopy(user: Reader, softcopy_id: int) -> Softcopy:
    """A softcopy for the file views, or the reason it may not be opened (raised)."""
    softcopy = Softcopy.objects.select_related("publication").filter(pk=softcopy_id).first()
    if softcopy is None:
        raise Http404
    if softcopy_readable_by(softcopy, user):
        return softcopy
    raise NotReadable(softcopy, user)


class NotReadable(Exception):
    """Why a reader may not open a softcopy, decided without revealing hidden files.

    Signing in helps only with a patrons' file of a public record; anything else a
    non-staff reader may not open does not exist as far as they can tell (404).
    """

    def __init__(self, softcopy: Softcopy, user: Reader) -> None:
        super().__init__(f"softcopy {softcopy.pk}")
        publication = softcopy.publication
        shown = (
            publication is not None
            and publication.deleted_at is None
            and publication.visibility == Publication.Visibility.PUBLIC
        )
        signed_in = user is not None and user.is_authenticated
        if shown and softcopy.access_level == Softcopy.Access.PATRONS and not signed_in:
            self.status = 401
        elif shown and softcopy.access_level == Softcopy.Access.PATRONS:
            self.status = 403  # signed in, but the rule still says no (e.g. a new level)
        else:
            self.status = 404
