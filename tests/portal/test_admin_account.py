"""The first start creates an admin account and prints its password exactly once."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model

from portal.management.commands.run import Command

pytestmark = pytest.mark.django_db


def test_admin_created_once_with_printed_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUSTAKA_ADMIN_PASSWORD", raising=False)
    out = io.StringIO()
    Command(stdout=out)._ensure_admin()
    text = out.getvalue()
    password = text.split("password: ")[1].split()[0]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(password)
    again = io.StringIO()
    Command(stdout=again)._ensure_admin()
    assert again.getvalue() == ""
    assert get_user_model().objects.count() == 1


def test_admin_password_from_environment_is_not_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUSTAKA_ADMIN_USERNAME", "pustakawan")
    monkeypatch.setenv("PUSTAKA_ADMIN_PASSWORD", "Rahasia-Pariaman-1377")
    out = io.StringIO()
    Command(stdout=out)._ensure_admin()
    assert "Rahasia-Pariaman-1377" not in out.getvalue()
    assert (
        get_user_model().objects.get(username="pustakawan").check_password("Rahasia-Pariaman-1377")
    )
