"""The staff roles: the migration makes the three groups with the desk permissions."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
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


def _latest() -> list[tuple[str, str]]:
    """Every app's newest migration: rolling visitors back also unapplied the migrations of
    apps that depend on it (scanning, patrons), and the other tests expect them all."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


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
        _migrate(_latest())


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


@pytest.mark.django_db
def test_the_desk_permissions_are_declared_on_the_visit_model() -> None:
    """After a test flush Django re-creates them from ``Visit.Meta`` (as after migrate)."""
    desk = {"use_desk", "view_service_report"}
    Permission.objects.filter(content_type__app_label="visitors", codename__in=desk).delete()
    create_permissions(django_apps.get_app_config("visitors"), verbosity=0)
    made = Permission.objects.filter(content_type__app_label="visitors", codename__in=desk)
    assert {p.codename: p.content_type.model for p in made} == {
        "use_desk": "visit",
        "view_service_report": "visit",
    }
