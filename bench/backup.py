"""Backup benchmark, one command: ``python -m bench.backup [--files 400] [--mb 200]``.

Builds a throw-away installation (SQLite and a storage folder under a temporary
``PUSTAKA_VAR_DIR``) holding publications, softcopies and their page thumbnails as
random bytes of realistic sizes, then measures in the same run, against the plain tools
(``sqlite3`` online backup + ``shutil.copytree`` of the storage folder, i.e. ``cp -a``):

* the first backup (everything is new), and a plain copy of the same;
* a second backup with nothing changed, and the plain copy again;
* a nightly backup after 2 % new files;
* ``pustaka backup --verify`` (re-hash all), and ``pustaka restore`` onto an empty
  installation (a subprocess, search queued for later), checked file by file.

Results go to docs/backup.md between ``<!-- backup:begin -->`` and ``<!-- backup:end -->``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "backup.md"
BEGIN, END = "<!-- backup:begin -->", "<!-- backup:end -->"
THUMBS_PER_SOFTCOPY = 4


def _setup(var: Path) -> None:
    os.environ["PUSTAKA_VAR_DIR"] = str(var)
    for name in ("DATABASE_URL", "PUSTAKA_STORAGE_ROOT", "PUSTAKA_BACKUP_DIR"):
        os.environ.pop(name, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from search import outbox

    outbox._send_flush = lambda: None  # no broker in this benchmark
    call_command("migrate", verbosity=0)


def _library(files: int, total_mb: int, start: int = 0) -> int:
    """Softcopies of random bytes (with small thumbnails); returns bytes stored."""
    from catalogue.models import Page, Publication, Softcopy
    from catalogue.storage import store_at, store_content_addressed

    size = total_mb * 1_000_000 // files
    stored = 0
    scratch = Path(tempfile.mkdtemp(prefix="pustaka-bench-"))
    for n in range(start, start + files):
        publication = Publication.objects.create(title=f"Kota Pariaman Dalam Angka {n}")
        body = scratch / "body.pdf"
        body.write_bytes(os.urandom(size))
        name, sha, length = store_content_addressed(body, prefix="softcopies", suffix=".pdf")
        softcopy = Softcopy.objects.create(
            publication=publication,
            title=publication.title,
            file=name,
            sha256=sha,
            size_bytes=length,
            origin=Softcopy.Origin.SCANNED,
            page_count=THUMBS_PER_SOFTCOPY,
        )
        for page in range(1, THUMBS_PER_SOFTCOPY + 1):
            thumb = scratch / "t.jpg"
            thumb.write_bytes(os.urandom(6000))
            saved = store_at(f"thumbnails/{sha[:2]}/{sha}/{page:04d}.jpg", thumb)
            Page.objects.create(softcopy=softcopy, number=page, text="teks", thumbnail=saved)
            stored += 6000
        stored += length
    shutil.rmtree(scratch)
    return stored


def _plain_copy(target: Path) -> tuple[float, int]:
    """What a careful admin would do by hand: sqlite3 online backup + cp -a storage."""
    from django.conf import settings

    started = time.monotonic()
    target.mkdir(parents=True)
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    copy = sqlite3.connect(target / "db.sqlite3")
    source.backup(copy)
    source.close()
    copy.close()
    shutil.copytree(settings.STORAGE_ROOT, target / "storage")
    copied = sum(p.stat().st_size for p in (target / "storage").rglob("*") if p.is_file())
    return time.monotonic() - started, copied


def _timed_backup(dest: Path) -> tuple[float, int, int, Path]:
    from backups.services import backup_create

    started = time.monotonic()
    result = backup_create(dest=dest, prune=False)
    return time.monotonic() - started, result.copied_bytes, result.copied_files, result.path


def run(files: int, total_mb: int) -> list[tuple[str, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="pustaka-bench-backup-"))
    try:
        _setup(work / "var")
        stored = _library(files, total_mb)
        dest = work / "usb"
        rows = []
        seconds, copied = _plain_copy(work / "plain-1")
        rows.append(("plain copy (sqlite3 + cp -a), first", f"{seconds:.1f} s", _mb(copied)))
        seconds, copied, n, _ = _timed_backup(dest)
        rows.append(("pustaka backup, first", f"{seconds:.1f} s", f"{_mb(copied)} ({n} files)"))
        seconds, copied = _plain_copy(work / "plain-2")
        rows.append(("plain copy again, nothing changed", f"{seconds:.1f} s", _mb(copied)))
        seconds, copied, n, _ = _timed_backup(dest)
        rows.append(
            (
                "pustaka backup again, nothing changed",
                f"{seconds:.1f} s",
                f"{_mb(copied)} ({n} files)",
            )
        )
        _library(max(1, files // 50), max(1, total_mb // 50), start=files)
        seconds, copied, n, archive = _timed_backup(dest)
        rows.append(
            ("pustaka backup after 2 % new files", f"{seconds:.1f} s", f"{_mb(copied)} ({n} files)")
        )
        started = time.monotonic()
        verify = _cli(["backup", "--verify", str(archive)], os.environ.copy())
        rows.append(
            (
                "pustaka backup --verify (re-hash all)",
                f"{time.monotonic() - started:.1f} s",
                "ok" if verify == 0 else f"exit {verify}",
            )
        )
        fresh = {**os.environ, "PUSTAKA_VAR_DIR": str(work / "restored")}
        started = time.monotonic()
        code = _cli(["restore", str(archive), "--no-reindex"], fresh)
        same = _same_files(
            Path(os.environ["PUSTAKA_VAR_DIR"]) / "storage", work / "restored" / "storage"
        )
        rows.append(
            (
                "pustaka restore onto an empty installation",
                f"{time.monotonic() - started:.1f} s",
                f"exit {code}, files identical: {same}",
            )
        )
        rows.insert(
            0,
            (
                "library",
                f"{files} softcopies + {files * THUMBS_PER_SOFTCOPY} thumbnails",
                _mb(stored),
            ),
        )
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cli(args: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, "-m", "portal.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    return done.returncode


def _same_files(a: Path, b: Path) -> bool:
    from catalogue.storage import sha256_of

    left = {p.relative_to(a): sha256_of(p) for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b): sha256_of(p) for p in b.rglob("*") if p.is_file()}
    return left == right


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def report(rows: list[tuple[str, str, str]], files: int, total_mb: int) -> str:
    load = os.getloadavg()[0]
    lines = [
        f"`python -m bench.backup --files {files} --mb {total_mb}` on {os.cpu_count()} cores "
        f"(load average {load:.1f} during the run: other work shared the machine, so compare "
        "rows with each other, not with another run):",
        "",
        "| step | time | copied |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--no-docs", action="store_true", help="print only")
    args = parser.parse_args()
    text = report(run(args.files, args.mb), args.files, args.mb)
    print(text)
    if not args.no_docs:
        doc = DOCS.read_text()
        head, rest = doc.split(BEGIN, 1)
        DOCS.write_text(f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}")


if __name__ == "__main__":
    main()
