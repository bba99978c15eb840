"""Warnings an operator must act on before they hurt: an old backup, a filling disk.

These checks never mark the stack down (the portal still serves); they warn.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from backups.selectors import backup_latest
from portal.health.status import ComponentStatus

MB = 1024 * 1024


def check_backup() -> ComponentStatus:
    """The newest complete backup in BACKUP_DIR: warn when there is none or it is old."""
    folder = Path(settings.BACKUP_DIR)
    detail: dict[str, object] = {"folder": str(folder)}
    if settings.STORAGE_BACKEND == "local" and folder.is_dir():
        # Shown, not warned: the default folder is meant to be moved to a USB disk or NAS.
        storage = _existing(Path(settings.STORAGE_ROOT))
        detail["same_disk_as_storage"] = folder.stat().st_dev == storage.stat().st_dev
    try:
        latest = backup_latest(folder)
    except Exception as exc:  # a health check never raises: it warns
        return ComponentStatus("backup", True, detail=detail, warning=f"folder unreadable: {exc}")
    if latest is None:
        hint = "" if folder.is_dir() else " (folder missing: is the USB disk/NAS mounted?)"
        return ComponentStatus("backup", True, detail=detail, warning="no backup yet" + hint)
    age = timezone.now() - latest.finished_at
    detail |= {
        "last": latest.finished_at.isoformat(timespec="seconds"),
        "age_hours": round(age.total_seconds() / 3600, 1),
        "files": latest.files,
    }
    warnings = []
    if age > timedelta(hours=settings.BACKUP_MAX_AGE_HOURS):
        warnings.append(f"last backup older than {settings.BACKUP_MAX_AGE_HOURS} h")
    if latest.missing:
        warnings.append(f"{latest.missing} file(s) were missing from storage")
    return ComponentStatus("backup", True, detail=detail, warning="; ".join(warnings))


def check_disk() -> ComponentStatus:
    """Free space under the storage folder (when local) and the backup folder."""
    places = {"backup": Path(settings.BACKUP_DIR)}
    if settings.STORAGE_BACKEND == "local":
        places = {"storage": Path(settings.STORAGE_ROOT)} | places
    detail: dict[str, object] = {}
    warnings = []
    for label, path in places.items():
        try:
            usage = shutil.disk_usage(_existing(path))
        except OSError as exc:
            warnings.append(f"{label}: {exc}")
            continue
        free_mb = usage.free // MB
        detail[f"{label}_free_mb"] = free_mb
        if free_mb < settings.DISK_MIN_FREE_MB:
            warnings.append(f"{label}: only {free_mb} MB free")
    return ComponentStatus("disk", True, detail=detail, warning="; ".join(warnings))


def _existing(path: Path) -> Path:
    """The nearest folder that exists (a backup folder may not be made yet)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
