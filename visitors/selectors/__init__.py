"""Reads of the visitor services: the live queue, the locker board, closing time, reports."""

from visitors.selectors.lockers import (
    ClosingItems,
    LockerSlot,
    closing_time_open_items,
    copies_on_shelf,
    lockers_board,
    lockers_free,
    reading_room_open,
)
from visitors.selectors.queue import QueueEntry, queue_waiting, visits_at_desk
from visitors.selectors.reports import ServiceReport, service_report, service_report_csv

__all__ = [
    "ClosingItems",
    "LockerSlot",
    "QueueEntry",
    "ServiceReport",
    "closing_time_open_items",
    "copies_on_shelf",
    "lockers_board",
    "lockers_free",
    "queue_waiting",
    "reading_room_open",
    "service_report",
    "service_report_csv",
    "visits_at_desk",
]
