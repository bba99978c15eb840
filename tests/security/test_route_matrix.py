"""The authorization matrix: every route of the URLconf × every role, against the table.

A route added without a row in tests/security/expectations.py fails here with the row to
add; a view that loses its permission check answers a role it should refuse and fails
here too (test_removing_a_permission_check_fails_the_matrix shows it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import URLPattern, get_resolver

from portal.digitise import views as digitise_views
from tests.security.expectations import ROUTES, SAME
from tests.security.matrix import check_role, missing_entry_message, site_routes
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }


def test_every_route_has_a_row_in_the_table() -> None:
    missing = [missing_entry_message(r) for r in site_routes() if r.name not in ROUTES]
    assert not missing, "\n\n".join(missing)


def test_the_table_names_no_route_that_is_gone() -> None:
    names = {route.name for route in site_routes()}
    stale = sorted(set(ROUTES) - names)
    assert not stale, (
        f"rows in tests/security/expectations.py for routes that no longer exist: {stale}"
    )


def test_a_route_missing_from_the_table_is_named_with_the_row_to_add() -> None:
    resolver = get_resolver()
    extra = URLPattern(pattern=resolver.url_patterns[0].pattern, callback=lambda r: None,
                       name="brand-new-route")  # fmt: skip
    resolver.url_patterns.append(extra)
    try:
        missing = [r for r in site_routes() if r.name not in ROUTES]
    finally:
        resolver.url_patterns.remove(extra)
    [new] = [r for r in missing if r.name == "brand-new-route"]
    message = missing_entry_message(new)
    assert '"brand-new-route": Rule(' in message
    assert "expectations.py" in message


def test_every_route_answers_every_role_as_the_table_says() -> None:
    world = build_world()
    routes = [route for route in site_routes() if route.name in ROUTES]
    problems = [problem for role in ROLES for problem in check_role(role, world, routes)]
    for key, statuses in world.objects.items():
        if key.startswith("same:") and len(set(statuses.values())) > 1:
            problems.append(f"{key[5:]}: answers differ by role {statuses}")
    assert not problems, "\n".join(problems)
    assert sum(1 for r in ROUTES.values() for v in r.policy.values() if v != SAME) > 500


def test_removing_a_permission_check_fails_the_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    """The digitisation list without its permission check, as the probe found it: a
    frontline officer gets in, and the matrix says so."""
    world = build_world()
    ungated = digitise_views.job_list.__wrapped__.__wrapped__  # type: ignore[attr-defined]
    resolver = get_resolver()
    routes = [r for r in site_routes() if r.name == "staff-jobs"]
    assert check_role("officer", world, routes) == []
    pattern = _pattern(resolver, "staff-jobs")
    monkeypatch.setattr(pattern, "callback", ungated)
    problems = check_role("officer", world, routes)
    assert problems == [problems[0]]
    assert "staff-jobs: officer expected DENIED, got PASS" in problems[0]


def _pattern(resolver, name: str) -> URLPattern:  # type: ignore[no-untyped-def]
    for entry in resolver.url_patterns:
        if hasattr(entry, "url_patterns"):
            try:
                return _pattern(entry, name)
            except LookupError:
                continue
        elif entry.name == name:
            return entry
    raise LookupError(name)
