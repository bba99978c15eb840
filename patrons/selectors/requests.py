"""Reads of softcopy requests: a patron's own list and the staff queue."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from catalogue.models import Publication
from catalogue.selectors.access import access_levels_for
from patrons.models import Patron, SoftcopyRequest


def requests_of_patron(user: AbstractBaseUser) -> QuerySet[SoftcopyRequest]:
    return SoftcopyRequest.objects.filter(patron_id=user.pk).select_related("publication")


def requests_queue(*, status: str | None = None) -> QuerySet[SoftcopyRequest]:
    """Pending first (oldest first: first come, first served), then decided, newest first."""
    rows = SoftcopyRequest.objects.select_related(
        "publication", "patron", "patron__patron", "decided_by"
    )
    if status:
        return rows.filter(status=status).order_by(
            "requested_at" if status == "pending" else "-decided_at"
        )
    return rows.order_by("-requested_at")


def request_for_staff(request_id: int) -> SoftcopyRequest | None:
    return (
        SoftcopyRequest.objects.select_related(
            "publication", "patron", "patron__patron", "decided_by", "softcopy"
        )
        .filter(pk=request_id)
        .first()
    )


def patron_of(user: AbstractBaseUser) -> Patron | None:
    return Patron.objects.filter(user_id=user.pk).first()


def publication_requestable(
    publication_id: int | None, user: AbstractBaseUser | None = None
) -> Publication | None:
    """The publication a request form is for, if this patron may request its softcopy:
    public, live, with a softcopy at a level the patron may read (never staff-only)."""
    if publication_id is None:
        return None
    publication = Publication.objects.filter(
        pk=publication_id, deleted_at__isnull=True, visibility=Publication.Visibility.PUBLIC
    ).first()
    levels = access_levels_for(user)
    if publication is None or not publication.softcopies.filter(access_level__in=levels).exists():
        return None
    return publication
