"""The staff groups reach exactly their part of the scan queue (scanning migrations 0002 and
0004, portal/roles.py); 0002's and 0004's steps themselves: test_scanning_rename_migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client

from catalogue.models import Holding, Publication
from portal.roles import staff_roles_apply
from scanning.models import ScanRequest
from scanning.services.requests import scan_request_create_digitise
from scanning.services.stations import NewStation

pytestmark = pytest.mark.django_db
migration = importlib.import_module("scanning.migrations.0002_staff_group_permissions")
rename = importlib.import_module("scanning.migrations.0004_scantask_to_scanrequest")
staff_groups = importlib.import_module("visitors.migrations.0002_staff_groups")

EXPECTED = {
    "Petugas Layanan": {"view_scanrequest", "add_scanrequest"},
    "Pustakawan": {"view_scanrequest", "add_scanrequest", "change_scanrequest"},
    "Admin": {"view_scanrequest", "add_scanrequest", "change_scanrequest", "view_station"},
}


@pytest.fixture(autouse=True)
def _groups() -> None:
    """The groups and their rights again: a transactional test elsewhere in the session
    flushes every table, migration-made groups included. Scanning 0002 grants the
    ``*_scantask`` codenames of the historical model (run on a scratch database in
    test_scanning_rename_migration); here the roles table gives what 0004 leaves."""
    staff_groups.create_staff_groups(apps, None)
    staff_roles_apply(apps)


def _scanning_codes(group: Group) -> set[str]:
    return set(
        group.permissions.filter(content_type__app_label="scanning").values_list(
            "codename", flat=True
        )
    )


def _member(client: Client, group: str) -> Client:
    user = User.objects.create_user(f"u-{len(group)}-{group[:3]}", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def test_each_group_holds_exactly_its_scanning_permissions() -> None:
    """Migration 0002 gave these; portal/roles.py (issue 15) adds the Admin group's
    station management on top."""
    roles = {"Admin": {"add_station", "change_station"}}
    for name, codes in EXPECTED.items():
        assert _scanning_codes(Group.objects.get(name=name)) == codes | roles.get(name, set())


@pytest.mark.parametrize("group", list(EXPECTED))
def test_every_group_sees_the_queue_and_can_take_a_request(
    client: Client, group: str, publication: Publication
) -> None:
    staff = _member(client, group)
    assert staff.get("/staf/pindai/").status_code == 200
    form = staff.get("/staf/pindai/baru/")
    assert form.status_code == 200
    posted = staff.post(
        "/staf/pindai/baru/", {"publication": publication.pk, "pages": "1-2", "email": "a@b.id"}
    )
    assert posted.status_code == 302
    assert ScanRequest.objects.filter(requester_email="a@b.id", kind="scan_to_email").count() == 1


@pytest.mark.parametrize(("group", "may_change"), [
    ("Petugas Layanan", False), ("Pustakawan", True), ("Admin", True),
])  # fmt: skip
def test_only_librarians_and_admins_put_a_task_back(
    client: Client, group: str, may_change: bool, holding: Holding, station: NewStation
) -> None:
    task = scan_request_create_digitise(holding=holding)
    ScanRequest.objects.filter(pk=task.pk).update(state="claimed", claimed_by=station.station)
    staff = _member(client, group)
    page = staff.get("/staf/pindai/").content.decode()
    assert (f"/staf/pindai/{task.pk}/lepas/" in page) is may_change
    response = staff.post(f"/staf/pindai/{task.pk}/lepas/")
    assert response.status_code == (302 if may_change else 403)
    expected = "pending" if may_change else "claimed"
    assert ScanRequest.objects.get(pk=task.pk).state == expected


def test_a_user_in_no_group_is_refused(client: Client) -> None:
    client.force_login(User.objects.create_user("tamu", password="x", is_staff=True))
    assert client.get("/staf/pindai/").status_code == 403
    assert client.get("/staf/pindai/baru/").status_code == 403


def test_the_migration_is_applied_reversible_and_waits_only_for_the_groups() -> None:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    deps = migration.Migration.dependencies
    assert [d for d in deps if d[0] == "visitors"] == [("visitors", "0002_staff_groups")]
    [operation] = migration.Migration.operations
    assert operation.reversible
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("scanning", "0002_staff_group_permissions") in applied
    assert ("scanning", "0004_scantask_to_scanrequest") in applied
    assert all(op.reversible for op in rename.Migration.operations)
