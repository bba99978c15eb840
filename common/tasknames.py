"""Celery task and queue names: the one place both enqueuers and workers read them.

Every domain enqueues by name (``send_task`` on commit, never importing ``workers``)
and the workers register their tasks under these names, so the names belong to no
single domain and live in the shared bottom layer.
"""

from __future__ import annotations

PING = "pustaka.ping"
EXPAND_INPUT = "pustaka.job.expand_input"
PROCESS_PAGE = "pustaka.page.process"
ASSEMBLE_JOB = "pustaka.job.assemble"
FLUSH_SEARCH_OUTBOX = "pustaka.index.flush_outbox"
SWEEP_SEARCH_OUTBOX = "pustaka.index.sweep"
PURGE_VISITORS = "pustaka.visitors.purge"
PURGE_PATRONS = "pustaka.patrons.purge"
PURGE_FEEDBACK_CONTACTS = "pustaka.feedback.purge_contacts"
MAKE_THUMBNAILS = "pustaka.softcopy.thumbnails"
EXTRACT_TABLES = "pustaka.softcopy.tables"  # workers/tables.py, docs/tables.md
INTAKE_AUTO_ACCEPT = "pustaka.intake.auto_accept"
DELIVER_SCAN = "pustaka.scanning.deliver"
RECONCILE_JOBS = "pustaka.job.reconcile"
BACKUP_NIGHTLY = "pustaka.backup.nightly"  # backups/, docs/backup.md

QUEUE_DEFAULT = "default"
QUEUE_OCR = "ocr"
QUEUE_ASSEMBLE = "assemble"
QUEUE_INDEX = "index"
ALL_QUEUES = (QUEUE_DEFAULT, QUEUE_OCR, QUEUE_ASSEMBLE, QUEUE_INDEX)
