"""Reads of publications: lists, one record, and possible duplicates of a record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from catalogue.models import Holding, Publication, PublicationContributor, Softcopy


@dataclass(frozen=True)
class Duplicate:
    """An existing record that the new or changed one appears to repeat, and why."""

    kind: str  # one of DUPLICATE_KINDS
    publication_id: int
    title: str
    value: str

    def describe(self) -> str:
        return f"{DUPLICATE_KINDS[self.kind]} {self.value}: #{self.publication_id} {self.title}"


# kind -> what the two records share (Indonesian / English)
DUPLICATE_KINDS = {
    "catalogue_number": "nomor katalog dan periode sama / same catalogue number and period",
    "publication_number": "nomor publikasi sama / same publication number",
    "issn": "ISSN dan periode sama / same ISSN and period",
    "file_hash": "berkas salinan digital sama / same softcopy file",
}


def publication_list(*, include_deleted: bool = False) -> QuerySet[Publication]:
    publications = Publication.objects.all() if include_deleted else Publication.objects.live()
    return publications.prefetch_related("subjects")


def publications_by_title(query: str, *, limit: int = 20) -> list[Publication]:
    """Live publications whose title contains every word of ``query`` (case-insensitive)."""
    words = query.split()
    if not words:
        return []
    found = publication_list()
    for word in words:
        found = found.filter(title__icontains=word)
    return list(found.order_by("-year", "title")[:limit])


def publication_get(*, publication_id: int, include_deleted: bool = False) -> Publication:
    return publication_list(include_deleted=include_deleted).get(pk=publication_id)


def publication_list_for_export(*, include_deleted: bool = False) -> QuerySet[Publication]:
    """Every record with what an export writes (subjects, credits, holdings) prefetched."""
    return (
        publication_list(include_deleted=include_deleted)
        .order_by("pk")
        .prefetch_related("holdings", _credits_in_order())
    )


def _credits_in_order() -> Prefetch:
    credits = PublicationContributor.objects.select_related("contributor")
    return Prefetch("credits", queryset=credits.order_by("position", "pk"))


def publication_credits(*, publication: Publication) -> list[PublicationContributor]:
    """The contributors in credit order (uses a prefetch when there is one)."""
    return sorted(publication.credits.all(), key=lambda credit: (credit.position, credit.pk))


def publication_duplicates(
    *,
    catalogue_number: str = "",
    publication_number: str = "",
    issn_print: str = "",
    issn_electronic: str = "",
    year: int | None = None,
    period: str = "",
    sha256: Iterable[str] = (),
    exclude_id: int | None = None,
) -> list[Duplicate]:
    """Live records that look like the described one (values already normalised).

    A BPS catalogue number names a series (every year's "Kota Pariaman Dalam Angka" is
    1102001.1377), so it is a duplicate only with the same year and period; so is an ISSN
    (print or electronic, matched against either). A publication number names one
    edition, and a softcopy's SHA-256 one file: those alone are enough.
    """
    live = Publication.objects.live()
    if exclude_id is not None:
        live = live.exclude(pk=exclude_id)
    same_period = (
        Q(year=year, period=period) if year is not None else Q(year__isnull=True, period=period)
    )
    found: list[Duplicate] = []
    if catalogue_number:
        for pub in live.filter(same_period, catalogue_number=catalogue_number).order_by("pk"):
            found.append(Duplicate("catalogue_number", pub.pk, pub.title, catalogue_number))
    if publication_number:
        for pub in live.filter(publication_number=publication_number).order_by("pk"):
            found.append(Duplicate("publication_number", pub.pk, pub.title, publication_number))
    issns = sorted({issn for issn in (issn_print, issn_electronic) if issn})
    if issns:
        by_issn = Q(issn_print__in=issns) | Q(issn_electronic__in=issns)
        for pub in live.filter(same_period, by_issn).order_by("pk"):
            shared = sorted({pub.issn_print, pub.issn_electronic} & set(issns))
            found.append(Duplicate("issn", pub.pk, pub.title, ", ".join(shared)))
    hashes = sorted(set(sha256))
    if hashes:
        files = Softcopy.objects.filter(publication=OuterRef("pk"), sha256__in=hashes)
        for pub in live.filter(Exists(files)).order_by("pk"):
            same = sorted(
                set(pub.softcopies.filter(sha256__in=hashes).values_list("sha256", flat=True))
            )
            found.append(Duplicate("file_hash", pub.pk, pub.title, ", ".join(same)))
    return found


def holding_list(*, publication: Publication) -> QuerySet[Holding]:
    return Holding.objects.filter(publication=publication).order_by("barcode")
