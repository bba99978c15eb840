"""Bulk edits the staff admin offers: a publication's kind, its softcopies' access level."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from catalogue.models import Publication, Softcopy
from catalogue.validation import check_choice


def publication_bulk_set_kind(*, publication_ids: Iterable[int], kind: str) -> int:
    """Set the kind of many records; returns how many changed (harvesters see them move)."""
    value = check_choice(kind, Publication.Kind, field="kind")
    return (
        Publication.objects.filter(pk__in=list(publication_ids))
        .exclude(kind=value)
        .update(kind=value, modified_at=timezone.now())
    )


def softcopy_bulk_set_access(*, softcopy_ids: Iterable[int], access_level: str) -> int:
    """Set who may read many softcopies; returns how many changed."""
    value = check_choice(access_level, Softcopy.Access, field="access_level")
    with transaction.atomic():
        changed = Softcopy.objects.filter(pk__in=list(softcopy_ids)).exclude(access_level=value)
        publication_ids = set(changed.values_list("publication_id", flat=True)) - {None}
        count = changed.update(access_level=value)
        Publication.objects.filter(pk__in=publication_ids).update(modified_at=timezone.now())
    return count
