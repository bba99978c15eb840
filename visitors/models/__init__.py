"""The visitors' data: people, visits, lockers, reading records, photocopy forms, audit."""

from visitors.models.audit import AuditEntry
from visitors.models.desk import PhotocopyRequest, ReadingRecord
from visitors.models.people import Visitor
from visitors.models.sequences import NumberSequence
from visitors.models.visits import Locker, Visit

__all__ = [
    "AuditEntry",
    "Locker",
    "NumberSequence",
    "PhotocopyRequest",
    "ReadingRecord",
    "Visit",
    "Visitor",
]
