"""Writes of the visitor services (guestbook, queue, lockers, reading room, photocopies).

Every state change locks the rows it changes, runs in one transaction and writes an
``AuditEntry``. Import the public functions from here.
"""

from visitors.services.guestbook import guestbook_clean, guestbook_submit
from visitors.services.lockers import locker_assign, locker_release
from visitors.services.photocopy import photocopy_done, photocopy_issue
from visitors.services.reading import reading_return, reading_start
from visitors.services.retention import visitors_purge
from visitors.services.visits import visit_check_out, visit_finish_service, visit_start_service

__all__ = [
    "guestbook_clean",
    "guestbook_submit",
    "locker_assign",
    "locker_release",
    "photocopy_done",
    "photocopy_issue",
    "reading_return",
    "reading_start",
    "visit_check_out",
    "visit_finish_service",
    "visit_start_service",
    "visitors_purge",
]
