"""The staff roles: the migration makes the three groups with the desk permissions."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

ROLES = importlib.import_module("visitors.migrations.0002_staff_groups")
BEFORE = [("visitors", "0001_initial")]
AFTER = [("visitors", "0002_staff_groups")]


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _codes(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


@pytest.mark.django_db(transaction=True)
def test_migration_makes_and_removes_the_groups() -> None:
    try:
        _migrate(BEFORE)
        assert not Group.objects.filter(name__in=list(ROLES.GROUPS)).exists()
        assert not Permission.objects.filter(codename="use_desk").exists()
        _migrate(AFTER)
        names = set(Group.objects.values_list("name", flat=True))
        assert {"Petugas Layanan", "Pustakawan", "Admin"} <= names
        officer = _codes(Group.objects.get(name="Petugas Layanan"))
        assert "visitors.use_desk" in officer
        assert "visitors.view_service_report" not in officer
    finally:
        _migrate(AFTER)


@pytest.mark.django_db
def test_groups_hold_sensible_permissions() -> None:
    ROLES.create_staff_groups(django_apps, None)
    ROLES.create_staff_groups(django_apps, None)  # idempotent
    assert Group.objects.filter(name__in=list(ROLES.GROUPS)).count() == 3
    officer = _codes(Group.objects.get(name="Petugas Layanan"))
    librarian = _codes(Group.objects.get(name="Pustakawan"))
    admin = _codes(Group.objects.get(name="Admin"))
    assert officer < librarian
    assert {"visitors.use_desk", "visitors.view_visit", "catalogue.view_publication"} <= officer
    assert not any(code.startswith(("auth.", "visitors.delete_")) for code in officer)
    assert "visitors.change_locker" not in officer
    assert {"visitors.view_service_report", "catalogue.change_publication"} <= librarian
    assert "visitors.view_auditentry" in librarian
    assert "auth.add_user" not in librarian
    assert {"visitors.use_desk", "visitors.view_service_report", "visitors.change_locker"} <= admin
    assert {"auth.add_user", "auth.change_group"} <= admin
    assert librarian - admin == set()


@pytest.mark.django_db
def test_a_member_of_each_group_has_the_permissions_the_views_check() -> None:
    ROLES.create_staff_groups(django_apps, None)
    users = {}
    for name in ROLES.GROUPS:
        user = User.objects.create_user(name.replace(" ", "").lower(), is_staff=True)
        user.groups.add(Group.objects.get(name=name))
        users[name] = User.objects.get(pk=user.pk)  # fresh permission cache
    assert users["Petugas Layanan"].has_perm("visitors.use_desk")
    assert not users["Petugas Layanan"].has_perm("visitors.view_service_report")
    for name in ("Pustakawan", "Admin"):
        assert users[name].has_perms(["visitors.use_desk", "visitors.view_service_report"])
