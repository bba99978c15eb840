"""Desk fixtures: the staff groups, an officer and a librarian signed in, a publication."""

from __future__ import annotations

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.test import Client

from catalogue.models import Publication
from tests.portal.desk_support import ROLES


@pytest.fixture
def groups(db: None) -> dict[str, Group]:
    # The groups are a data migration's rows, which a transactional test's flush removes
    # (the desk permissions themselves come back from Visit.Meta): make them again.
    ROLES.create_staff_groups(django_apps, None)
    return {group.name: group for group in Group.objects.all()}


def _member(name: str, group: Group) -> User:
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def officer(groups: dict[str, Group]) -> User:
    return _member("petugas", groups["Petugas Layanan"])


@pytest.fixture
def librarian(groups: dict[str, Group]) -> User:
    return _member("pustakawan", groups["Pustakawan"])


@pytest.fixture
def desk(client: Client, officer: User) -> Client:
    client.force_login(officer)
    return client


@pytest.fixture
def reporter(client: Client, librarian: User) -> Client:
    client.force_login(librarian)
    return client


@pytest.fixture
def publication(db: None) -> Publication:
    return Publication.objects.create(title="Kota Pariaman Dalam Angka 2025", year=2025)
