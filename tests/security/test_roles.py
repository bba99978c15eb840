"""The three staff groups hold exactly the table in portal/roles.py (docs/security.md)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from portal.roles import (
    ADMIN_GROUP,
    LIBRARIAN_GROUP,
    OFFICER_GROUP,
    STAFF_ROLES,
    staff_role_codes,
    staff_roles_apply,
    staff_roles_migrate,
)

pytestmark = pytest.mark.django_db


def _codes(group: Group) -> set[str]:
    rows = group.permissions.values_list("content_type__app_label", "codename")
    return {f"{app}.{codename}" for app, codename in rows}


def test_the_migration_gives_each_group_exactly_its_row() -> None:
    staff_roles_migrate(apps, None)
    staff_roles_migrate(apps, None)  # idempotent
    for name in STAFF_ROLES:
        assert _codes(Group.objects.get(name=name)) == staff_role_codes(name), name


def test_every_permission_in_the_table_exists() -> None:
    staff_roles_apply(apps)  # strict: a misspelt or vanished permission raises


def test_the_groups_are_nested_and_the_officer_reads_no_staff_file() -> None:
    officer, librarian, admin = (
        staff_role_codes(name) for name in (OFFICER_GROUP, LIBRARIAN_GROUP, ADMIN_GROUP)
    )
    assert officer < librarian < admin
    assert "catalogue.view_softcopy" not in officer
    assert not {code for code in officer if "digitisationjob" in code}
    assert "catalogue.change_softcopy" not in librarian  # access levels: the Admin group
    assert not {code for code in admin if code.startswith("auth.delete_")}
