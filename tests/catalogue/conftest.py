"""Fixtures for catalogue tests: a recorder in place of the broker, small real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image


class SentTasks(list[tuple[str, list[object], str]]):
    def names(self) -> list[str]:
        return [name for name, _, _ in self]

    def of(self, name: str) -> list[list[object]]:
        return [args for sent, args, _ in self if sent == name]


@pytest.fixture
def sent_tasks(monkeypatch: pytest.MonkeyPatch) -> SentTasks:
    """Record what would be sent to the broker (this is a unit test of the services)."""
    from celery import current_app

    sent = SentTasks()

    def send_task(name: str, args: list[object] | None = None, queue: str = "", **_: object):
        sent.append((name, list(args or []), queue))

    monkeypatch.setattr(current_app, "send_task", send_task)
    return sent


@pytest.fixture
def png_file(tmp_path: Path) -> Path:
    path = tmp_path / "halaman-1.png"
    Image.new("L", (400, 500), 255).save(path, dpi=(300, 300))
    return path


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "catalogue.storage.WholeFileSystemStorage",  # as in production
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }
