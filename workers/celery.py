"""The Celery application, configured from Django settings (``CELERY_*``).

Start a worker with ``celery -A workers.celery worker`` (``pustaka run`` does it for you).
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

from common import tasknames
from common.tasknames import (
    BACKUP_NIGHTLY,
    PURGE_FEEDBACK_CONTACTS,
    PURGE_PATRONS,
    SWEEP_SEARCH_OUTBOX,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# One Tesseract thread per process: two single-thread processes read more pages per
# minute than one threaded one (see shared/FACTS.md).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

app = Celery("pustaka")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_default_queue = tasknames.QUEUE_DEFAULT
app.autodiscover_tasks(["workers"])
# Scheduled work (run `celery beat`; `pustaka run` starts it). Times are WIB.
app.conf.beat_schedule = {
    # Search changes left over after an outage, and bulk edits (which send no signals).
    "flush-search-outbox": {
        "task": SWEEP_SEARCH_OUTBOX,
        "schedule": 60.0,
        "options": {"queue": tasknames.QUEUE_INDEX},
    },
    # Work whose message the broker lost or parked (workers/recovery.py).
    "reconcile-digitisation-jobs": {
        "task": tasknames.RECONCILE_JOBS,
        "schedule": float(settings.RECONCILE_INTERVAL),
        "options": {"queue": tasknames.QUEUE_DEFAULT, "expires": settings.RECONCILE_INTERVAL},
    },
    "purge-visitor-details-daily": {
        "task": tasknames.PURGE_VISITORS,
        "schedule": crontab(hour=1, minute=30),
        "options": {"queue": tasknames.QUEUE_DEFAULT},
    },
    "purge-patron-accounts-daily": {
        "task": PURGE_PATRONS,
        "schedule": crontab(hour=1, minute=40),
        "options": {"queue": tasknames.QUEUE_DEFAULT},
    },
    "purge-feedback-contacts-daily": {
        "task": PURGE_FEEDBACK_CONTACTS,
        "schedule": crontab(hour=1, minute=50),
        "options": {"queue": tasknames.QUEUE_DEFAULT},
    },
}
if settings.BACKUP_SCHEDULE:
    # After the purges, so a backup keeps no detail the retention periods removed.
    app.conf.beat_schedule["backup-nightly"] = {
        "task": BACKUP_NIGHTLY,
        "schedule": crontab(hour=settings.BACKUP_HOUR, minute=settings.BACKUP_MINUTE),
        "options": {"queue": tasknames.QUEUE_DEFAULT, "expires": 6 * 3600},
    }
