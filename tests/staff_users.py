"""Staff accounts for tests, holding a staff group's permissions as portal/roles.py says.

Permissions are given to the account directly, so they hold also after a transactional
test's flush has removed the migration-made groups.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission, User
from django.db.models import Q

from portal.roles import LIBRARIAN_GROUP, staff_role_codes


def staff_user(username: str, group: str = LIBRARIAN_GROUP, password: str | None = "x") -> User:
    user = User.objects.create_user(username, password=password, is_staff=True)
    wanted = Q(pk__in=[])
    for code in staff_role_codes(group):
        app_label, codename = code.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    user.user_permissions.set(Permission.objects.filter(wanted))
    return User.objects.get(pk=user.pk)  # a fresh permission cache
