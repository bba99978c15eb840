"""Task and queue names, in one place, so edges can enqueue without importing tasks."""

from __future__ import annotations

PING = "pustaka.ping"

QUEUE_DEFAULT = "default"
QUEUE_OCR = "ocr"
QUEUE_ASSEMBLE = "assemble"
QUEUE_INDEX = "index"
ALL_QUEUES = (QUEUE_DEFAULT, QUEUE_OCR, QUEUE_ASSEMBLE, QUEUE_INDEX)
