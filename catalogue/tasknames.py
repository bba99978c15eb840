"""Celery task and queue names: the one place both enqueuers and workers read them.

The catalogue enqueues by name (it never imports the workers package); the workers
register their tasks under these names.
"""

from __future__ import annotations

PING = "pustaka.ping"
EXPAND_INPUT = "pustaka.job.expand_input"
PROCESS_PAGE = "pustaka.page.process"
ASSEMBLE_JOB = "pustaka.job.assemble"
INDEX_SOFTCOPY = "pustaka.index.softcopy"
PURGE_VISITORS = "pustaka.visitors.purge"

QUEUE_DEFAULT = "default"
QUEUE_OCR = "ocr"
QUEUE_ASSEMBLE = "assemble"
QUEUE_INDEX = "index"
ALL_QUEUES = (QUEUE_DEFAULT, QUEUE_OCR, QUEUE_ASSEMBLE, QUEUE_INDEX)
