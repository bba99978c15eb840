"""Who may read which softcopy: one rule for the publication page, file views and search."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from catalogue.models import Publication, Softcopy

Reader = AbstractBaseUser | AnonymousUser | None


def access_levels_for(user: Reader) -> list[str]:
    """The softcopy access levels this reader may see, most open first.

    Anonymous visitors read public softcopies, signed-in patrons also those for patrons,
    and staff everything.
    """
    levels = [Softcopy.Access.PUBLIC.value]
    if user is not None and user.is_authenticated:
        levels.append(Softcopy.Access.PATRONS.value)
        if getattr(user, "is_staff", False):
            levels.append(Softcopy.Access.STAFF.value)
    return levels


def softcopy_readable_by(softcopy: Softcopy, user: Reader) -> bool:
    """Whether this reader may open the file.

    Staff read everything; others only files at their level that belong to a publication
    that is public and not deleted (a softcopy without a publication is staff's business).
    """
    if softcopy.access_level not in access_levels_for(user):
        return False
    if getattr(user, "is_staff", False):
        return True
    publication = softcopy.publication
    return (
        publication is not None
        and publication.deleted_at is None
        and publication.visibility == Publication.Visibility.PUBLIC
    )
