"""A worker host fetches an original once for all its pages (workers/inputs.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from catalogue.storage import fetch, store_at, store_content_addressed
from workers import inputs


@pytest.fixture
def fetches(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path) -> list[str]:
    settings.SCRATCH_DIR = str(tmp_path / "scratch")
    settings.INPUT_CACHE_MB = 1
    seen: list[str] = []

    def counting(name: str, destination: Path) -> Path:
        seen.append(name)
        return fetch(name, destination)

    monkeypatch.setattr(inputs, "fetch", counting)
    return seen


def _stored(tmp_path: Path, data: bytes, label: str) -> str:
    source = tmp_path / f"{label}.pdf"
    source.write_bytes(data)
    return store_content_addressed(source, prefix="originals", suffix=".pdf")[0]


def test_pages_of_one_original_fetch_it_once_each_gets_its_own_name(
    fetches: list[str], tmp_path: Path
) -> None:
    name = _stored(tmp_path, b"%PDF-1.7 satu" * 100, "a")
    copies = [inputs.input_copy(name, tmp_path / f"page-{n}" / "in.pdf") for n in range(3)]
    assert fetches == [name]
    assert {c.read_bytes() for c in copies} == {b"%PDF-1.7 satu" * 100}
    copies[0].unlink()  # a task's scratch folder removed: the others keep theirs
    assert copies[1].exists()
    assert inputs.input_copy(name, tmp_path / "page-9" / "in.pdf").exists()
    assert fetches == [name]


def test_least_recently_used_copies_go_past_the_limit(fetches: list[str], tmp_path: Path) -> None:
    half = 600 * 1024  # two of these exceed the 1 MB limit
    old = _stored(tmp_path, b"a" * half, "old")
    new = _stored(tmp_path, b"b" * half, "new")
    inputs.input_copy(old, tmp_path / "1" / "in.pdf")
    past = os.stat(inputs.cache_folder() / Path(old).name).st_mtime - 60
    os.utime(inputs.cache_folder() / Path(old).name, (past, past))
    kept = inputs.input_copy(new, tmp_path / "2" / "in.pdf")
    assert sorted(p.name for p in inputs.cache_folder().iterdir()) == [Path(new).name]
    assert (tmp_path / "1" / "in.pdf").read_bytes() == b"a" * half  # the task's link stays
    assert kept.read_bytes() == b"b" * half


def test_names_that_are_not_content_addressed_are_fetched_every_time(
    fetches: list[str], tmp_path: Path
) -> None:
    source = tmp_path / "page.pdf"
    source.write_bytes(b"%PDF halaman")
    name = store_at("jobs/1/pages/0001-0001.pdf", source)
    inputs.input_copy(name, tmp_path / "x" / "a.pdf")
    inputs.input_copy(name, tmp_path / "y" / "a.pdf")
    assert fetches == [name, name]
