"""The admin's half of the matrix: every registered model's changelist, and every bulk
action of every changelist, × every role.

An action is offered (and runs) only for roles holding the permissions it declares;
an action that declares none fails here (the probe's finding: officers could set a
staff-only file public). What each group holds comes from portal/roles.py.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from catalogue.models import Publication, Softcopy
from portal.roles import staff_roles_apply
from tests.security.world import ROLES, make_user

pytestmark = pytest.mark.django_db

SESSION_ROLES = [role for role in ROLES if role not in ("station", "revoked")]
# Actions that declare no permission of their own. axes' clean-up of expired sign-in
# records: only superusers see its list (no staff group holds an axes permission).
OPEN_ACTIONS = {"axes.AccessAttempt.cleanup_expired_attempts"}


@pytest.fixture
def users() -> dict[str, User | None]:
    staff_roles_apply(apps)
    return {role: make_user(role) for role in SESSION_ROLES}


def _request(user: User | None):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/admin/")
    request.user = user if user is not None else _anonymous()
    return request


def _anonymous():  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _declared(model_admin: admin.ModelAdmin, name: str) -> tuple[str, ...]:
    funcs = [func for func, each, _ in model_admin._get_base_actions() if each == name]
    return tuple(getattr(funcs[0], "allowed_permissions", ()))


def _holds(model_admin: admin.ModelAdmin, request, permissions: tuple[str, ...]) -> bool:  # type: ignore[no-untyped-def]
    return all(getattr(model_admin, f"has_{p}_permission")(request) for p in permissions)


def test_every_admin_action_declares_its_permissions() -> None:
    undeclared = []
    for model, model_admin in admin.site._registry.items():
        for func, name, _ in model_admin._get_base_actions():
            if name == "delete_selected" or f"{model._meta.label}.{name}" in OPEN_ACTIONS:
                continue
            if not getattr(func, "allowed_permissions", ()):
                undeclared.append(f"{model._meta.label}.{name}")
    assert not undeclared, f"admin actions without permissions=[...]: {undeclared}"


def test_every_changelist_action_is_offered_exactly_to_the_roles_that_may_run_it(
    users: dict[str, User | None],
) -> None:
    """Generated: for each model admin × action × role, offered == permitted."""
    wrong = []
    checked = 0
    for model, model_admin in admin.site._registry.items():
        # delete_selected is Django's own (the delete permission; removed where records are
        # only marked deleted); the rest are ours.
        names = [n for _, n, _ in model_admin._get_base_actions() if n != "delete_selected"]
        for role, user in users.items():
            request = _request(user)
            may_see = (
                user is not None
                and user.is_staff
                and model_admin.has_view_or_change_permission(request)
            )
            offered = set(model_admin.get_actions(request)) if may_see else set()
            for name in names:
                permitted = may_see and _holds(model_admin, request, _declared(model_admin, name))
                checked += 1
                if (name in offered) != permitted:
                    wrong.append(f"{model._meta.label}.{name}: {role} offered={name in offered}")
    assert not wrong, "\n".join(wrong)
    assert checked > 150


@pytest.mark.parametrize("role", SESSION_ROLES)
def test_every_changelist_answers_by_the_roles_view_permission(
    role: str, users: dict[str, User | None]
) -> None:
    user = users[role]
    client = Client()
    if user is not None:
        client.force_login(user)
    wrong = []
    for model, model_admin in admin.site._registry.items():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = client.get(url)
        if user is None or not user.is_staff:
            expected = 302  # to the staff sign-in page
        else:
            expected = 200 if model_admin.has_view_or_change_permission(_request(user)) else 403
        if response.status_code != expected:
            wrong.append(f"{url}: {role} expected {expected}, got {response.status_code}")
        if expected == 302 and not response["Location"].startswith("/admin/login/"):
            wrong.append(f"{url}: {role} sent to {response['Location']}")
    assert not wrong, "\n".join(wrong)


def test_officer_sees_and_runs_no_publication_action(users: dict[str, User | None]) -> None:
    """The probe's high finding: an officer set a staff-only file public through the list."""
    publication = Publication.objects.create(title="Rahasia", year=2025)
    softcopy = Softcopy.objects.create(
        publication=publication, title="x", file="x.pdf", sha256="1" * 64,
        access_level=Softcopy.Access.STAFF,
    )  # fmt: skip
    client = Client()
    client.force_login(users["officer"])  # type: ignore[arg-type]
    page = client.get("/admin/catalogue/publication/")
    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()  # no action menu at all
    posted = client.post(
        "/admin/catalogue/publication/",
        {"action": "set_access_public", "_selected_action": [publication.pk]},
    )
    assert posted.status_code in (200, 302)
    softcopy.refresh_from_db()
    assert softcopy.access_level == Softcopy.Access.STAFF


def test_librarian_edits_records_but_sets_no_access_level(users: dict[str, User | None]) -> None:
    request = _request(users["librarian"])
    offered = set(admin.site._registry[Publication].get_actions(request))
    assert {"make_public", "make_hidden", "set_kind_other"} <= offered
    assert not {name for name in offered if name.startswith("set_access_")}
    assert "soft_delete" not in offered
    assert not admin.site._registry[Softcopy].get_actions(request)
    admin_request = _request(users["admin"])
    assert "set_access_public" in admin.site._registry[Softcopy].get_actions(admin_request)


def test_removing_an_actions_permission_fails_the_action_matrix(
    users: dict[str, User | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the probe found it: set-access actions without ``permissions``."""
    model_admin = admin.site._registry[Softcopy]
    [func] = [f for f, name, _ in model_admin._get_base_actions() if name == "set_access_public"]
    monkeypatch.delattr(func, "allowed_permissions")
    request = _request(users["librarian"])
    assert "set_access_public" in model_admin.get_actions(request)  # now offered to her
    with pytest.raises(AssertionError, match="without permissions"):
        test_every_admin_action_declares_its_permissions()
