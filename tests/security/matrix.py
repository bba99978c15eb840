"""Running the authorization matrix: walk the URLconf, ask each route as each role, compare.

Kept apart from the tests so a test can also run one route against a changed view (the
check that removing a permission check makes the matrix fail).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from unittest.mock import patch

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.security.expectations import (
    DENIED,
    HIDDEN,
    NO_TOKEN,
    PASS,
    PATRON_LOGIN,
    ROUTES,
    SAME,
    STAFF_LOGIN,
    Rule,
)
from tests.security.world import World

STAFF_LOGIN_PATH = "/admin/login/"
PATRON_LOGIN_PATH = "/akun/masuk/"


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    view: str
    params: tuple[str, ...]


def walk(patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "",
         namespace: str = "") -> Iterator[Route]:  # fmt: skip
    """Every named URL pattern with its full pattern text and the view behind it."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            callback = entry.callback
            view = f"{callback.__module__}.{getattr(callback, '__name__', '?')}"
            params = tuple(entry.pattern.regex.groupindex) + tuple(entry.default_args)
            yield Route(name, prefix + str(entry.pattern), view, params)


def site_routes() -> list[Route]:
    """The routes the table covers: all but the admin's (tested per model instead)."""
    return [route for route in walk() if not route.name.startswith("admin:")]


def missing_entry_message(route: Route) -> str:
    return (
        f"route {route.name!r} ({route.pattern}, view {route.view}) has no row in "
        f"tests/security/expectations.py ROUTES. Add one saying what each role gets, e.g.\n"
        f'    "{route.name}": Rule(staff(LIBRARIANS)),   # or everyone(), signed_in(), '
        f"agent(), ...\n"
        f'with method="POST" for a POST-only view, and a value in tests/security/world.py '
        f"World.kwargs for any new URL parameter among {list(route.params)}."
    )


def url_for(route: Route, rule: Rule, world: World) -> str:
    regex_params = [p for p in route.params if p not in ("step", "decision", "action")]
    kwargs = {name: world.kwargs[name] for name in regex_params if name in world.kwargs}
    if rule.kwargs is not None:
        kwargs |= rule.kwargs(world)
    unknown = set(regex_params) - set(kwargs)
    assert not unknown, (
        f"route {route.name!r} takes {sorted(unknown)}: give a value in "
        f"tests/security/world.py (World.kwargs) or in its Rule(kwargs=...)"
    )
    with translation.override("id"):
        path = reverse(route.name, kwargs=kwargs or None)
    query = rule.query(world) if callable(rule.query) else rule.query
    return f"{path}?{query}" if query else path


def outcome(status: int, location: str) -> str:
    """The answer class of one response (see expectations.py)."""
    if status in (301, 302, 303, 307, 308):
        if location.startswith(STAFF_LOGIN_PATH):
            return STAFF_LOGIN
        if location.startswith(PATRON_LOGIN_PATH):
            return PATRON_LOGIN
        return PASS
    return {401: NO_TOKEN, 403: DENIED, 404: HIDDEN}.get(status, PASS)


def client_for(role: str, world: World) -> Client:
    headers = {}
    if role in ("station", "revoked"):
        headers["Authorization"] = f"Bearer {world.tokens[role]}"
    client = Client(headers=headers)
    user = world.users.get(role)
    if user is not None:
        client.force_login(user)
    return client


def ask(client: Client, rule: Rule, url: str) -> tuple[int, str]:
    method = getattr(client, rule.method.lower())
    with patch(*rule.stub) if rule.stub else nullcontext():
        response = method(url, rule.body) if rule.method != "GET" else client.get(url)
    return response.status_code, response.get("Location", "")


def check_role(role: str, world: World, routes: list[Route]) -> list[str]:
    """Every route asked as ``role``; the mismatches, one line each."""
    client = client_for(role, world)
    problems = []
    for route in routes:
        rule = ROUTES[route.name]
        status, location = ask(client, rule, url_for(route, rule, world))
        got = outcome(status, location)
        expected = rule.policy[role]
        if status >= 500 and status != 503:  # 503: /healthz saying a part is down
            problems.append(f"{route.name}: {role} got {status}")
        elif expected == SAME:
            world.objects.setdefault(f"same:{route.name}", {})[role] = status
        elif got != expected:
            problems.append(
                f"{route.name}: {role} expected {expected}, got {got} ({status} {location})"
            )
        if rule.signs_out and world.users.get(role) is not None:
            client.force_login(world.users[role])  # type: ignore[arg-type]
    return problems
