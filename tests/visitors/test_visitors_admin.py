"""The staff admin: lockers editable, visits and the audit log read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from visitors.models import Locker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_client_id(db: None) -> Client:
    User.objects.create_superuser("admin", password="x")
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.mark.parametrize(
    "model", ["visitor", "visit", "locker", "readingrecord", "photocopyrequest", "auditentry"]
)
def test_every_visitor_model_has_a_list_page(admin_client_id, submit, model: str) -> None:
    submit()
    response = admin_client_id.get(reverse(f"admin:visitors_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["visit", "visitor", "auditentry"])
def test_records_are_not_added_by_hand(admin_client_id, model: str) -> None:
    response = admin_client_id.get(reverse(f"admin:visitors_{model}_add"))
    assert response.status_code == 403


def test_audit_entries_cannot_be_changed(admin_client_id, submit) -> None:
    from visitors.models import AuditEntry

    submit()
    entry = AuditEntry.objects.get()
    url = reverse("admin:visitors_auditentry_change", args=[entry.pk])
    page = admin_client_id.get(url)
    assert page.status_code == 200  # viewable
    assert b'name="_save"' not in page.content
    posted = admin_client_id.post(url, {"action": "visit.check_out"})
    assert posted.status_code == 403
    assert AuditEntry.objects.get().action == "guestbook.submit"


def test_lockers_are_added_and_edited_in_the_admin(admin_client_id) -> None:
    response = admin_client_id.post(
        reverse("admin:visitors_locker_add"), {"number": 7, "label": "dekat pintu", "active": "on"}
    )
    assert response.status_code == 302
    locker = Locker.objects.get(number=7)
    assert (locker.label, locker.active) == ("dekat pintu", True)
    page = admin_client_id.get(reverse("admin:visitors_locker_changelist"))
    assert b'name="form-0-active"' in page.content  # editable from the list
    assert "Loker" in page.content.decode()
