"""`pustaka run` collects static files only when their sources changed: collectstatic
takes seconds of CPU on every start even when nothing changed (and after a power cut the
portal waits for it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.management.commands import run
from portal.management.commands.run import STATIC_MARK, _collect_static


def test_static_files_are_collected_again_only_when_a_source_changed(
    settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "uji.css").write_text("body { color: #123456; }\n")
    settings.STATIC_ROOT = str(tmp_path / "static")
    # Only this folder, copied plainly: the decision is under test, not the copying.
    settings.STATICFILES_DIRS = [("uji", extra)]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    ran: list[str] = []

    def counted(name: str, *args: object, **options: object) -> None:
        ran.append(name)
        call_command(name, *args, **options)  # the real command, only counted

    monkeypatch.setattr(run, "call_command", counted)
    _collect_static()
    root = Path(settings.STATIC_ROOT)
    assert (root / "uji" / "uji.css").read_text().startswith("body")
    assert (root / STATIC_MARK).is_file()
    assert ran == ["collectstatic"]

    _collect_static()  # nothing changed: not run again
    assert ran == ["collectstatic"]

    changed = extra / "uji.css"
    changed.write_text("body { color: #654321; }\n")  # same size, changed
    later = changed.stat().st_mtime + 2  # collectstatic compares whole seconds
    os.utime(changed, (later, later))
    _collect_static()
    assert ran == ["collectstatic", "collectstatic"]
    assert "654321" in (root / "uji" / "uji.css").read_text()
