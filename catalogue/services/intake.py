"""Writes for the intake inbox: a waiting softcopy joins a publication.

Either it is attached to a record already in the catalogue (its first softcopy, or a
new version after the ones it has) or a new record is made from the confirmed fields —
through ``publication_create``, so the catalogue's validation and duplicate rules apply.
Saving the softcopy's publication writes the search outbox row (``search`` receivers):
the pages are re-indexed under the publication and become visible by its rules.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from catalogue.models import DigitisationJob, Publication, Softcopy
from catalogue.selectors.intake import (
    NotInInboxError,
    inbox_get,
    softcopy_proposal,
    unique_exact_match,
)
from catalogue.services.publications import publication_attach_softcopy, publication_create

logger = logging.getLogger(__name__)

# confirm-screen field -> Publication field (the rest have the same name)
_MODEL_FIELDS = {"title_en": "subtitle", "issn": "issn_print"}


def publication_fields(values: dict[str, str]) -> dict[str, Any]:
    """The confirmed values as ``publication_create`` keywords (blank ones left out)."""
    fields: dict[str, Any] = {}
    for name, raw in values.items():
        value = (raw or "").strip()
        if not value or name == "title":
            continue
        if name == "subjects":
            fields["subjects"] = [s.strip() for s in value.split(";") if s.strip()]
        elif name == "year":
            fields["year"] = value
        else:
            fields[_MODEL_FIELDS.get(name, name)] = value
    return fields


def softcopy_attach(*, softcopy: Softcopy, publication: Publication) -> Softcopy:
    """Attach a waiting softcopy (and its signed original, if waiting too) to a record,
    numbered after the record's existing softcopies."""
    with transaction.atomic():
        locked = Softcopy.objects.select_for_update().get(pk=softcopy.pk)
        if locked.publication_id is not None:
            raise NotInInboxError(f"softcopy {softcopy.pk}")
        together = [locked]
        if locked.derived_from_id:
            original = Softcopy.objects.select_for_update().get(pk=locked.derived_from_id)
            if original.publication_id is None:
                together.insert(0, original)
        latest = publication.softcopies.aggregate(v=Max("version"))["v"] or 0
        for offset, each in enumerate(together, start=1):
            publication_attach_softcopy(publication=publication, softcopy=each)
            each.version = latest + offset
            each.save(update_fields=["version"])
        if locked.job_id:
            DigitisationJob.objects.filter(pk=locked.job_id, publication__isnull=True).update(
                publication=publication
            )
    return locked


def softcopy_catalogue(
    *, softcopy: Softcopy, values: dict[str, str], allow_duplicate: bool = False
) -> Publication:
    """A new record from the confirmed values, with the softcopy as its first file.

    Raises the first invalid field, or ``DuplicatePublicationError`` when the record
    repeats one already in the catalogue (attach to that one instead).
    """
    with transaction.atomic():
        inbox_get(softcopy_id=softcopy.pk)
        publication = publication_create(
            title=(values.get("title") or "").strip(),
            allow_duplicate=allow_duplicate,
            **publication_fields(values),
        )
        softcopy_attach(softcopy=softcopy, publication=publication)
    return publication


def softcopy_auto_accept(*, softcopy_id: int) -> Publication | None:
    """With ``INTAKE_AUTO_ACCEPT`` on: attach the softcopy when its proposal names one
    publication exactly (catalogue number and year, nothing pointing elsewhere).
    Runs once per finished job; a second run finds the softcopy catalogued and stops."""
    if not settings.INTAKE_AUTO_ACCEPT:
        return None
    try:
        softcopy = inbox_get(softcopy_id=softcopy_id)
    except (Softcopy.DoesNotExist, NotInInboxError):
        return None
    publication = unique_exact_match(proposal=softcopy_proposal(softcopy=softcopy))
    if publication is None:
        return None
    softcopy_attach(softcopy=softcopy, publication=publication)
    logger.info("softcopy %s auto-accepted into publication %s", softcopy_id, publication.pk)
    return publication
