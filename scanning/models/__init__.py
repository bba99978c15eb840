"""Scanner stations, their batches of pages, and the scan queue (tasks)."""

from __future__ import annotations

from scanning.models.batches import BatchPage, ScanBatch
from scanning.models.requests import ScanRequest
from scanning.models.stations import Station

__all__ = ["BatchPage", "ScanBatch", "ScanRequest", "Station"]
