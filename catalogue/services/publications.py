"""Writes of publications: create, update, soft delete and restore, visibility, softcopies.

Every value goes through ``catalogue.validation`` first; a record that repeats one
already in the catalogue (see ``publication_duplicates``) is refused unless the caller
says ``allow_duplicate=True``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import Any, TypedDict, Unpack

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from catalogue.errors import (
    DuplicatePublicationError,
    InvalidFieldError,
    PublicationDeletedError,
)
from catalogue.models import (
    Contributor,
    Publication,
    PublicationContributor,
    Softcopy,
    Subject,
)
from catalogue.selectors.publications import Duplicate, publication_duplicates
from catalogue.validation import ContributorSpec, check_choice, clean_publication

__all__ = [
    "ContributorSpec",
    "PublicationChanges",
    "PublicationFields",
    "check_cover",
    "publication_attach_softcopy",
    "publication_bulk_set_visibility",
    "publication_create",
    "publication_delete",
    "publication_restore",
    "publication_update",
]

Cover = File | str | None


class PublicationFields(TypedDict, total=False):
    """Everything but the title that ``publication_create`` accepts (all optional)."""

    subtitle: str
    kind: str
    catalogue_number: str
    publication_number: str
    issn_print: str
    issn_electronic: str
    isbn: str
    release_date: dt.date | None
    scheduled_date: dt.date | None
    year: int | None
    period: str
    frequency: str
    area_code: str
    area_name: str
    subjects: Sequence[str]
    language: str
    abstract: str
    publisher: str
    contributors: Sequence[ContributorSpec | Sequence[str]]
    edition: str
    pages: str
    notes: str
    cover: Cover
    visibility: str


class PublicationChanges(PublicationFields, total=False):
    title: str


_PERIOD = ("year", "period")
KEY_FIELDS = (
    "catalogue_number",
    "publication_number",
    "issn_print",
    "issn_electronic",
    "year",
    "period",
)
# duplicate kind -> the fields whose change makes it worth checking again
_DUPLICATE_KEYS = {
    "catalogue_number": {"catalogue_number", *_PERIOD},
    "publication_number": {"publication_number"},
    "issn": {"issn_print", "issn_electronic", *_PERIOD},
}


def publication_create(
    *, title: str, allow_duplicate: bool = False, **fields: Unpack[PublicationFields]
) -> Publication:
    """A new catalogue record; raises the first invalid field, or a duplicate."""
    cleaned = _cleaned({"title": title, **fields}, partial=False)
    subjects = cleaned.pop("subjects", None)
    contributors = cleaned.pop("contributors", None)
    cover = check_cover(cleaned.pop("cover", None))
    with transaction.atomic():
        if not allow_duplicate:
            _refuse_duplicates(cleaned, kinds=set(_DUPLICATE_KEYS), exclude_id=None)
        publication = Publication(**cleaned)
        _put_cover(publication, cover)
        publication.save()
        if subjects:
            _set_subjects(publication, subjects)
        if contributors:
            _set_contributors(publication, contributors)
    return publication


def publication_update(
    *,
    publication: Publication,
    allow_duplicate: bool = False,
    **changes: Unpack[PublicationChanges],
) -> Publication:
    """Change the given fields only; ``subjects``/``contributors`` replace the old lists."""
    if publication.is_deleted:
        raise PublicationDeletedError(f"publication {publication.pk}")
    cleaned = _cleaned(dict(changes), partial=True)
    subjects = cleaned.pop("subjects", None)
    contributors = cleaned.pop("contributors", None)
    has_cover = "cover" in cleaned
    cover = check_cover(cleaned.pop("cover", None))
    changed = {name for name, value in cleaned.items() if getattr(publication, name) != value}
    with transaction.atomic():
        kinds = {kind for kind, keys in _DUPLICATE_KEYS.items() if keys & changed}
        if kinds and not allow_duplicate:
            merged = {key: cleaned.get(key, getattr(publication, key)) for key in KEY_FIELDS}
            _refuse_duplicates(merged, kinds=kinds, exclude_id=publication.pk)
        for name, value in cleaned.items():
            setattr(publication, name, value)
        if has_cover:
            _put_cover(publication, cover)
        if subjects is not None:
            _set_subjects(publication, subjects)
        if contributors is not None:
            _set_contributors(publication, contributors)
        publication.save()  # also moves modified_at when only the lists changed
    return publication


def publication_delete(
    *, publication: Publication, deleted_at: dt.datetime | None = None
) -> Publication:
    """Soft delete: the record stays (OAI-PMH reports it deleted) but leaves every list.

    Deleting twice keeps the first moment.
    """
    if publication.deleted_at is None:
        publication.deleted_at = deleted_at or timezone.now()
        publication.save(update_fields=["deleted_at", "modified_at"])
    return publication


def publication_restore(*, publication: Publication, allow_duplicate: bool = False) -> Publication:
    """Bring a deleted record back, unless a live one now repeats it."""
    if publication.deleted_at is None:
        return publication
    with transaction.atomic():
        if not allow_duplicate:
            values = {key: getattr(publication, key) for key in KEY_FIELDS}
            hashes = publication.softcopies.values_list("sha256", flat=True)
            _refuse_duplicates(
                values, kinds=set(_DUPLICATE_KEYS), exclude_id=publication.pk, sha256=hashes
            )
        publication.deleted_at = None
        publication.save(update_fields=["deleted_at", "modified_at"])
    return publication


def publication_bulk_set_visibility(*, publication_ids: Iterable[int], visibility: str) -> int:
    """Show or hide many records at once; returns how many changed."""
    value = check_choice(visibility, Publication.Visibility, field="visibility")
    return (
        Publication.objects.filter(pk__in=list(publication_ids))
        .exclude(visibility=value)
        .update(visibility=value, modified_at=timezone.now())
    )


def publication_attach_softcopy(
    *, publication: Publication, softcopy: Softcopy, allow_duplicate: bool = False
) -> Softcopy:
    """Make ``softcopy`` one of the publication's files, unless another record has it."""
    if publication.is_deleted:
        raise PublicationDeletedError(f"publication {publication.pk}")
    with transaction.atomic():
        if not allow_duplicate:
            found = publication_duplicates(sha256=[softcopy.sha256], exclude_id=publication.pk)
            _raise_if(found)
        softcopy.publication = publication
        softcopy.save(update_fields=["publication"])
        publication.save(update_fields=["modified_at"])
    return softcopy


def check_cover(cover: Cover) -> Cover:
    """An uploaded cover must be an image; a storage name must name a stored file."""
    if cover is None or cover == "":
        return cover
    if isinstance(cover, str):
        try:
            exists = default_storage.exists(cover)
        except (SuspiciousFileOperation, ValueError):
            exists = False
        if not exists:
            raise InvalidFieldError(
                cover,
                field="cover",
                reason="missing_file",
                message=(
                    "Berkas sampul tidak ada di penyimpanan.",
                    "The cover file is not in storage.",
                ),
            )
        return cover
    width, _ = get_image_dimensions(cover)
    if not width:
        raise InvalidFieldError(
            cover.name or "",
            field="cover",
            reason="image",
            message=("Sampul harus berupa gambar.", "The cover must be an image."),
        )
    return cover


def _cleaned(fields: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    kind = fields.pop("kind", None)
    cleaned, errors = clean_publication(fields, partial=partial)
    if errors:
        raise errors[0]
    if kind is not None or not partial:  # blank or left out: "other", the model's default
        cleaned["kind"] = check_choice(
            kind or Publication.Kind.OTHER, Publication.Kind, field="kind"
        )
    return cleaned


def _refuse_duplicates(
    values: dict[str, Any],
    *,
    kinds: set[str],
    exclude_id: int | None,
    sha256: Iterable[str] = (),
) -> None:
    found = publication_duplicates(
        catalogue_number=values.get("catalogue_number", "") if "catalogue_number" in kinds else "",
        publication_number=(
            values.get("publication_number", "") if "publication_number" in kinds else ""
        ),
        issn_print=values.get("issn_print", "") if "issn" in kinds else "",
        issn_electronic=values.get("issn_electronic", "") if "issn" in kinds else "",
        year=values.get("year"),
        period=values.get("period", ""),
        sha256=sha256,
        exclude_id=exclude_id,
    )
    _raise_if(found)


def _raise_if(found: list[Duplicate]) -> None:
    if found:
        raise DuplicatePublicationError(
            "; ".join(duplicate.describe() for duplicate in found), duplicates=found
        )


def _put_cover(publication: Publication, cover: Cover) -> None:
    if cover is None or isinstance(cover, str):
        publication.cover.name = cover or ""
    else:
        name = PurePosixPath(cover.name or "sampul").name
        publication.cover.save(name, cover, save=False)


def _set_subjects(publication: Publication, names: list[str]) -> None:
    subjects = []
    for name in names:
        subject = Subject.objects.filter(name__iexact=name).first()
        subjects.append(subject or Subject.objects.create(name=name))
    publication.subjects.set(subjects)


def _set_contributors(publication: Publication, specs: list[ContributorSpec]) -> None:
    """Replace the credits; a known contributor (same name) keeps its own kind."""
    PublicationContributor.objects.filter(publication=publication).delete()
    for position, spec in enumerate(specs, start=1):
        contributor = Contributor.objects.filter(name__iexact=spec.name).first()
        if contributor is None:
            contributor = Contributor.objects.create(name=spec.name, kind=spec.kind)
        PublicationContributor.objects.create(
            publication=publication, contributor=contributor, role=spec.role, position=position
        )
