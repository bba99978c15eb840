"""Task and queue names (defined once, in catalogue.tasknames, so the catalogue can enqueue)."""

from __future__ import annotations

from catalogue.tasknames import (
    ALL_QUEUES,
    ASSEMBLE_JOB,
    EXPAND_INPUT,
    INDEX_SOFTCOPY,
    PING,
    PROCESS_PAGE,
    PURGE_VISITORS,
    QUEUE_ASSEMBLE,
    QUEUE_DEFAULT,
    QUEUE_INDEX,
    QUEUE_OCR,
    RECONCILE_JOBS,
)

__all__ = [
    "ALL_QUEUES",
    "ASSEMBLE_JOB",
    "EXPAND_INPUT",
    "INDEX_SOFTCOPY",
    "PING",
    "PROCESS_PAGE",
    "PURGE_VISITORS",
    "QUEUE_ASSEMBLE",
    "QUEUE_DEFAULT",
    "QUEUE_INDEX",
    "QUEUE_OCR",
    "RECONCILE_JOBS",
]
