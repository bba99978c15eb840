"""Celery task and queue names: the one place both enqueuers and workers read them.

The catalogue enqueues by name (it never imports the workers package); the workers
register their tasks under these names.
"""

from __future__ import annotations

PING = "pustaka.ping"
EXPAND_INPUT = "pustaka.job.expand_input"
PROCESS_PAGE = "pustaka.page.process"
ASSEMBLE_JOB = "pustaka.job.assemble"
INDEX_SOFTCOPY = "pustaka.index.softcopy"  # now flushes the search outbox (indexing/)
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
