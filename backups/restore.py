"""Restore a snapshot onto an empty installation: files, then the database, then search.

Nothing is touched until the archive has proved itself: backup.json readable, the
database copy and the manifest matching their sha256, every object present at its size.
Files are hashed again as they stream back into storage; a mismatch removes what this
restore wrote and stops. The database goes last, so an interrupted restore never leaves
records pointing at files that are not there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from backups import database
from backups.errors import (
    ArchiveCorruptError,
    ArchiveIncompatibleError,
    InstallationNotEmptyError,
    RestoreMismatchError,
)
from backups.layout import folder_of, read_meta
from backups.objects import (
    copy_out,
    hash_object,
    object_present,
    storage_has_files,
    stored_sha256,
)
from backups.selectors import load_manifest
from catalogue.models import Publication, Softcopy
from search.errors import SearchError
from search.models import OutboxEntry, SyncLock
from search.reindex import reindex as reindex_search
from search.sync import flush_outbox
from search_index.errors import SearchIndexError

Progress = Callable[[str], None]
# Apps whose records make an installation "not empty" (a first start creates only the
# admin account and the search lock row).
DATA_APPS = ("catalogue", "visitors", "patrons", "feedback", "scanning")


@dataclass
class RestoreReport:
    archive: Path
    files: int = 0
    bytes: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    search: dict[str, Any] = field(default_factory=dict)  # rebuilt now, or queued


def backup_restore(
    *, archive: Path, force: bool = False, reindex: bool = True, progress: Progress = lambda _: None
) -> RestoreReport:
    meta = read_meta(archive)
    manifest = _checked_archive(archive, meta)
    _check_migrations(meta["migrations"])
    if not force:
        _refuse_non_empty()
    report = RestoreReport(archive)
    _restore_files(archive, manifest, report, progress)
    progress(f"files: {report.files} restored, {report.skipped} already in place")
    database.restore(archive / meta["database"]["file"], meta["database"]["vendor"])
    report.counts = database.live_counts(sorted(meta["counts"]))
    wrong = {
        t: (n, report.counts.get(t)) for t, n in meta["counts"].items() if report.counts.get(t) != n
    }
    if wrong:
        raise RestoreMismatchError(f"row counts (expected, found): {wrong}")
    progress(f"database: {sum(report.counts.values())} rows in {len(report.counts)} tables")
    call_command("migrate", interactive=False, verbosity=0)  # the code may be newer
    report.search = _rebuild_search(progress, now=reindex)
    return report


def _checked_archive(archive: Path, meta: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The manifest, once the database copy and every object have been found intact."""
    dump = archive / meta["database"]["file"]
    try:
        dump_ok = hash_object(dump) == meta["database"]["sha256"]
    except OSError as exc:
        raise ArchiveCorruptError(f"{dump}: {exc}") from exc
    if not dump_ok:
        raise ArchiveCorruptError(f"{dump}: sha256 differs from backup.json")
    manifest = load_manifest(archive, meta)
    folder = folder_of(archive)
    absent = [n for n, e in manifest.items() if not object_present(folder, e["sha256"], e["size"])]
    if absent:
        shown = ", ".join(sorted(absent)[:5])
        raise ArchiveCorruptError(f"{len(absent)} file(s) missing from {folder.objects}: {shown}")
    return manifest


def _check_migrations(recorded: dict[str, list[str]]) -> None:
    """Refuse an archive whose database has migrations this code does not have."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in recorded.items()
        for name in names
        if (app, name) not in known and app in apps.app_configs
    )
    if unknown:
        raise ArchiveIncompatibleError(", ".join(unknown[:5]))


def _refuse_non_empty() -> None:
    conn = connections["default"]
    existing = set(conn.introspection.table_names())
    for app in DATA_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.db_table in existing and model._default_manager.exists():
                raise InstallationNotEmptyError(f"{model._meta.label} has records")
    if storage_has_files():
        raise InstallationNotEmptyError("storage already holds files")


def _restore_files(
    archive: Path, manifest: dict[str, dict[str, Any]], report: RestoreReport, progress: Progress
) -> None:
    folder = folder_of(archive)
    written: list[str] = []
    try:
        for name, entry in sorted(manifest.items()):
            if stored_sha256(name) == entry["sha256"]:  # a forced re-run: already back
                report.skipped += 1
                continue
            written.append(name)
            report.bytes += copy_out(folder, entry["sha256"], name)
            report.files += 1
            if report.files % 500 == 0:
                progress(f"{report.files} files restored")
    except ValueError as exc:
        for name in written[:-1]:
            default_storage.delete(name)
        raise ArchiveCorruptError(str(exc)) from exc


def _rebuild_search(progress: Progress, *, now: bool) -> dict[str, Any]:
    """Rebuild the indexes now; if Meilisearch is not there (the stack is stopped), or
    ``now`` is False, queue every record in the search outbox instead: the running stack's
    periodic flush builds them once Meilisearch answers, so nothing is left unindexed."""
    # A reindex that was filling when the backup was taken is not running here.
    SyncLock.objects.update(reindex_started_at=None, reindex_covered=None)
    if now:
        try:
            done = reindex_search(progress=lambda line: progress(f"search {line.strip()}"))
            flush_outbox()
            return {"publications": done.publications, "pages": done.pages}
        except (SearchIndexError, SearchError) as exc:
            progress(f"search: not rebuilt now ({exc}); queued for the running stack")
    publications = list(Publication.objects.values_list("pk", flat=True))
    softcopies = list(Softcopy.objects.values_list("pk", flat=True))
    rows = [OutboxEntry(kind=OutboxEntry.Kind.PUBLICATION, object_id=i) for i in publications]
    rows += [OutboxEntry(kind=OutboxEntry.Kind.SOFTCOPY, object_id=i) for i in softcopies]
    OutboxEntry.objects.bulk_create(rows, batch_size=1000)  # no message: beat sweeps them
    return {"queued": len(publications) + len(softcopies)}
