"""Who may read which softcopy: one rule for the publication page, file views and search.

The gate is a named permission, not ``is_staff``: a frontline officer is staff but reads
no staff-only file (docs/security.md, the roles table).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from catalogue.models import Publication, Softcopy

Reader = AbstractBaseUser | AnonymousUser | None

# Staff-only softcopies, and every file of hidden or deleted records (librarians, admins).
STAFF_FILES_PERMISSION = "catalogue.view_softcopy"
# Hidden records in lists, pages and search (every staff group: they look copies up).
HIDDEN_RECORDS_PERMISSION = "catalogue.view_publication"


def _has(user: Reader, permission: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.has_perm(permission))  # type: ignore[attr-defined]


def reads_staff_files(user: Reader) -> bool:
    """Whether this reader opens staff-only softcopies and files of unpublished records."""
    return _has(user, STAFF_FILES_PERMISSION)


def sees_hidden_records(user: Reader) -> bool:
    """Whether this reader sees hidden publications (the catalogue's view permission)."""
    return _has(user, HIDDEN_RECORDS_PERMISSION)


def access_levels_for(user: Reader) -> list[str]:
    """The softcopy access levels this reader may see, most open first.

    Anonymous visitors read public softcopies, signed-in patrons also those for patrons,
    and holders of the staff-files permission everything.
    """
    levels = [Softcopy.Access.PUBLIC.value]
    if user is not None and user.is_authenticated:
        levels.append(Softcopy.Access.PATRONS.value)
        if reads_staff_files(user):
            levels.append(Softcopy.Access.STAFF.value)
    return levels


def softcopy_readable_by(softcopy: Softcopy, user: Reader) -> bool:
    """Whether this reader may open the file.

    Holders of the staff-files permission read everything; others only files at their
    level that belong to a publication that is public and not deleted (a softcopy
    without a publication is staff's business).
    """
    if softcopy.access_level not in access_levels_for(user):
        return False
    if reads_staff_files(user):
        return True
    publication = softcopy.publication
    return (
        publication is not None
        and publication.deleted_at is None
        and publication.visibility == Publication.Visibility.PUBLIC
    )
