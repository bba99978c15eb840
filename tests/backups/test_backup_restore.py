"""Backup → wipe → restore against the real parts: a library with a job digitised by the
Celery worker, indexed in Meilisearch, backed up while the stack runs, restored onto a fresh
installation (new database, new storage, new indexes) by the `pustaka` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from backups.services import backup_create
from catalogue.models import JobInput
from catalogue.storage import sha256_of
from search.reindex import reindex
from tests.backups.inspect_installation import inspect
from tests.backups.library import STAFF, TITLES, cadangan, digitised_library
from tests.conftest import REPO_ROOT
from tests.search.conftest import Search

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PUSTAKA = [sys.executable, "-m", "portal.cli"]  # this tree's code, not the installed one
INSPECT = str(Path(__file__).with_name("inspect_installation.py"))


def fresh_installation(folder: Path, search: Search) -> dict[str, str]:
    """The environment of an empty installation: its own var/, database, storage, indexes."""
    return {
        **os.environ,
        "PUSTAKA_VAR_DIR": str(folder),
        "DATABASE_URL": "",
        "PUSTAKA_STORAGE_ROOT": "",
        "MEILISEARCH_URL": search.url,
        "MEILISEARCH_API_KEY": search.key,
        "MEILISEARCH_INDEX_PREFIX": f"r{uuid.uuid4().hex[:8]}",
    }


def test_backup_wipe_restore_gives_back_every_record_file_and_search_hit(
    celery_worker_name: str, search: Search, tmp_path: Path
) -> None:
    library = digitised_library(tmp_path)
    reindex()
    queries = ["pariaman", "salakpondoh", library.ocr_word, "statistik daerah"]
    before = inspect(queries, STAFF, files=False)
    # page 7 of the text PDF is page 8 of the softcopy: the scanned page comes first
    assert before["search"]["salakpondoh"] == [[library.publications[0].pk, [8]]]
    assert library.publications[0].pk in [hit[0] for hit in before["search"][library.ocr_word]]
    assert len(before["search"]["pariaman"]) == len(TITLES)

    first = backup_create(dest=cadangan(tmp_path))
    second = backup_create(dest=cadangan(tmp_path))
    assert first.copied_files > 0
    assert first.missing == []
    assert (second.files, second.bytes) == (first.files, first.bytes)
    assert (second.copied_files, second.copied_bytes) == (0, 0)  # nothing copied again

    manifest = json.loads((second.path / "manifest.json").read_text())["files"]
    assert _job_files(library.job.pk) <= set(manifest)  # every file the job left in storage
    for name, entry in manifest.items():
        assert sha256_of(Path(settings.STORAGE_ROOT) / name) == entry["sha256"], name
    meta = json.loads((second.path / "backup.json").read_text())
    assert meta["counts"] == before["counts"]

    env = fresh_installation(tmp_path / "baru", search)
    restored = _run([*PUSTAKA, "restore", str(second.path)], env)
    assert restored.returncode == 0, restored.stderr
    assert "Dipulihkan / restored" in restored.stdout
    after = json.loads(_run([sys.executable, INSPECT, json.dumps(queries), STAFF], env).stdout)
    # restore migrates to this code: a migration added meanwhile (shared tree) is applied
    assert after["counts"].pop("django_migrations") >= before["counts"].pop("django_migrations")
    assert after["counts"] == before["counts"]
    assert after["files"] == {name: entry["sha256"] for name, entry in manifest.items()}
    assert after["search"] == before["search"]


def _job_files(job_id: int) -> set[str]:
    """What the pipeline stored for a job: originals, page outputs, softcopy, thumbnails."""
    from catalogue.models import DigitisationJob, Page

    job = DigitisationJob.objects.select_related("softcopy", "publication").get(pk=job_id)
    names = set(JobInput.objects.filter(job=job).values_list("stored_name", flat=True))
    pages = Path(settings.STORAGE_ROOT) / "jobs" / str(job_id) / "pages"
    names |= {f"jobs/{job_id}/pages/{p.name}" for p in pages.iterdir()}
    assert any(n.endswith(".hocr") for n in names)  # the OCR'd page left its outputs
    names.add(job.softcopy.file.name)
    names |= set(Page.objects.filter(softcopy=job.softcopy).values_list("thumbnail", flat=True))
    names.add(job.publication.cover.name)
    return names


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180, check=False
    )
