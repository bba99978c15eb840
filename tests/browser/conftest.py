"""Browser tests: Playwright's sync API drives Debian's Chromium against the live server.

No browser is ever downloaded: Playwright's bundled driver launches ``/usr/bin/chromium``
(the Debian package, see scripts/apt-packages-dev.txt). Screenshots are kept as test
artefacts under ``<repo>/var/test-artifacts/browser/`` (``var/`` is git-ignored) and the
folder is printed at the end of the session.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "var" / "test-artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROLES = importlib.import_module("visitors.migrations.0002_staff_groups")
OFFICER_PASSWORD = "rahasia-petugas-123"

_saved: list[Path] = []


@pytest.fixture
def page(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A Chromium tab in a fresh context (no cookies), tablet-sized.

    Playwright's sync API keeps an asyncio loop on the test's thread while it runs, and
    Django refuses ORM calls where it sees one. The browser is therefore started after the
    database fixtures and stopped before them, and only for the test's own body are the
    (plain synchronous) ORM calls between browser steps allowed.
    """
    # Both are installed by `make test` (scripts/bootstrap.sh --dev): missing is a failure.
    from playwright import sync_api

    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: apt-get install chromium"
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta"
        )
        context.set_default_timeout(10_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """Save a full-page screenshot of a page as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(tab: Any, name: str) -> Path:
        path = ARTIFACTS / name
        tab.screenshot(path=str(path), full_page=True)
        _saved.append(path)
        return path

    return take


@pytest.fixture
def officer_password() -> str:
    return OFFICER_PASSWORD


@pytest.fixture
def officer(transactional_db: None, officer_password: str) -> User:
    """A frontline officer who signs in with a password (through the admin login form)."""
    # The groups are a data migration's rows, which a transactional test's flush removes
    # (the desk permissions themselves come back from Visit.Meta): make them again.
    ROLES.create_staff_groups(django_apps, None)
    user = User.objects.create_user("petugas", password=officer_password, is_staff=True)
    user.groups.add(Group.objects.get(name="Petugas Layanan"))
    return user


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _saved:
        terminalreporter.write_line(f"browser screenshots ({len(_saved)}): {ARTIFACTS}")
