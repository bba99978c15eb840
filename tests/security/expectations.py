"""The expected answer of every route to every role: the authorization matrix's table.

Every named URL pattern of the URLconf (outside the admin, which test_admin_matrix.py
covers model by model) must have a row in ``ROUTES``; a route without one fails the
suite with the line to add. A row names a policy — who gets the page, who is sent to
which sign-in page, who is refused — and, when needed, the HTTP method, query string or
URL parameters to use. The policies spell the groups out; portal/roles.py says which
permissions each group holds, docs/security.md says the same in words.

Answers:
  PASS          the view ran (2xx, a redirect elsewhere than a sign-in page, or a
                4xx about the input such as 400/405/409 — anything but a refusal)
  STAFF_LOGIN   302 to the staff sign-in page (/admin/login/?next=…)
  PATRON_LOGIN  302 to the patrons' sign-in page (/akun/masuk/?next=…)
  DENIED        403
  HIDDEN        404 (the record or file does not exist as far as this role can tell)
  NO_TOKEN      401 (the agent API without a valid station token)
  SAME          whatever the others get: every role the same status, none a 5xx
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.security.world import ROLES, World

PASS, STAFF_LOGIN, PATRON_LOGIN = "PASS", "STAFF_LOGIN", "PATRON_LOGIN"
DENIED, HIDDEN, NO_TOKEN, SAME = "DENIED", "HIDDEN", "NO_TOKEN", "SAME"

SIGNED_OUT = ("anonymous", "station", "revoked")
PATRONS = ("unverified", "patron")
DESK = ("officer", "librarian", "admin", "superuser")  # every staff group
LIBRARIANS = ("librarian", "admin", "superuser")
ADMINS = ("admin", "superuser")

Policy = dict[str, str]


def everyone() -> Policy:
    """Public pages: every role gets them."""
    return dict.fromkeys(ROLES, PASS)


def same_for_all() -> Policy:
    """Pages whose answer does not depend on who asks (e.g. a link with a bad token)."""
    return dict.fromkeys(ROLES, SAME)


def staff(allowed: tuple[str, ...]) -> Policy:
    """A staff page: the allowed groups get it, other signed-in users 403, the signed-out
    the staff sign-in page."""
    return {
        role: PASS if role in allowed else STAFF_LOGIN if role in SIGNED_OUT else DENIED
        for role in ROLES
    }


def signed_in(**others: str) -> Policy:
    """A page for any signed-in user; the signed-out go to the patrons' sign-in page."""
    policy = {role: PATRON_LOGIN if role in SIGNED_OUT else PASS for role in ROLES}
    return policy | others


def agent() -> Policy:
    """The scanner agent API: only a valid station token."""
    return {role: PASS if role == "station" else NO_TOKEN for role in ROLES}


@dataclass(frozen=True)
class Rule:
    policy: Policy
    method: str = "GET"
    query: str | Callable[[World], str] = ""
    kwargs: Callable[[World], dict[str, Any]] | None = None
    signs_out: bool = False  # the request ends the session: sign in again after it
    body: dict[str, Any] = field(default_factory=dict)
    # (dotted name, stand-in) for work the gate does not depend on and that would cost
    # seconds per role (a PDF report, the component checks): the gate is under test here;
    # the work itself has its own tests.
    stub: tuple[str, Any] | None = None


def _token(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"token": world.tokens[name]}


def _photocopy(world: World) -> dict[str, Any]:
    return {"request_id": world.objects["photocopy"].pk}


def _report(world: World) -> dict[str, Any]:
    return {"topic": "kunjungan"}


def _report_table(world: World) -> dict[str, Any]:
    return {"topic": "kunjungan", "table": "kunjungan-harian"}


def _quick_health() -> Any:
    from portal.health.status import ComponentStatus, HealthReport

    return HealthReport([ComponentStatus("database", True, detail={"engine": "x"})])


def _publication_query(world: World) -> str:
    return f"publikasi={world.objects['publication'].pk}"


ROUTES: dict[str, Rule] = {
    # --- health, APIs, harvesting -------------------------------------------------
    "healthz": Rule(everyone(), stub=("portal.views.health_report", _quick_health)),
    "api-job": Rule(staff(LIBRARIANS)),
    "api-search": Rule(everyone(), query="q=pariaman"),
    "agent-openapi": Rule(everyone()),
    "agent-station": Rule(agent()),
    "agent-scan-tasks": Rule(agent()),
    "agent-scan-task-claim": Rule(agent(), method="POST"),
    "agent-batches": Rule(agent()),
    "agent-batch": Rule(agent()),
    "agent-batch-page": Rule(agent(), method="PUT"),
    "agent-batch-close": Rule(agent(), method="POST"),
    "oai": Rule(everyone(), query="verb=Identify"),
    "set_language": Rule(everyone(), method="POST", body={"language": "id"}),
    "home": Rule(everyone()),
    # --- digitisation (librarians) -----------------------------------------------
    "staff-jobs": Rule(staff(LIBRARIANS)),
    "staff-job-upload": Rule(staff(LIBRARIANS), method="POST"),
    "staff-job": Rule(staff(LIBRARIANS)),
    "staff-job-pdf": Rule(staff(LIBRARIANS)),
    "staff-job-retry": Rule(staff(LIBRARIANS), method="POST"),
    "staff-monitor": Rule(staff(LIBRARIANS)),
    "staff-monitor-json": Rule(staff(LIBRARIANS)),
    "staff-monitor-page-retry": Rule(staff(LIBRARIANS), method="POST"),
    "staff-monitor-page-give-up": Rule(staff(LIBRARIANS), method="POST"),
    "staff-monitor-job-retry": Rule(staff(LIBRARIANS), method="POST"),
    # --- intake inbox (editing the catalogue) and reports (each topic its permission) ----
    "staff-inbox": Rule(staff(LIBRARIANS)),
    "staff-inbox-item": Rule(staff(LIBRARIANS)),
    "staff-inbox-page": Rule(staff(LIBRARIANS)),
    "staff-reports": Rule(staff(DESK)),  # the officer sees the complaints topic
    "staff-report-monthly-pdf": Rule(  # the topics this reader may see
        staff(DESK), stub=("portal.reports.views.monthly_report_pdf", lambda **_: b"%PDF-1.7")
    ),
    "staff-report": Rule(staff(LIBRARIANS), kwargs=_report),
    "staff-report-xlsx": Rule(staff(LIBRARIANS), kwargs=_report),
    "staff-report-csv": Rule(staff(LIBRARIANS), kwargs=_report_table),
    # --- scan queue ----------------------------------------------------------------
    "scan-queue": Rule(staff(DESK)),
    "scan-to-email-new": Rule(staff(DESK)),
    "scan-task-release": Rule(staff(LIBRARIANS), method="POST"),
    "scan-delivery-retry": Rule(staff(LIBRARIANS), method="POST"),
    "scan-cover-task": Rule(staff(DESK)),
    "scan-cover-pub": Rule(staff(DESK)),
    "scan-download": Rule(same_for_all(), kwargs=_token("scan_download")),
    # --- kiosk and desk ------------------------------------------------------------
    "kiosk": Rule(everyone()),
    "kiosk-ticket": Rule(everyone(), kwargs=_token("kiosk")),
    # The waiting room's screen: queue numbers only, no names (public by design).
    "queue-display": Rule(everyone()),
    "queue-display-json": Rule(everyone()),
    "queue-display-voice": Rule(everyone()),
    "desk-priority": Rule(staff(DESK), method="POST"),
    "desk-queue": Rule(staff(DESK)),
    "desk-queue-json": Rule(staff(DESK)),
    "desk-at-desk": Rule(staff(DESK)),
    "desk-start": Rule(staff(DESK), method="POST"),
    "desk-finish": Rule(staff(DESK), method="POST"),
    "desk-locker": Rule(staff(DESK), method="POST"),
    "desk-release": Rule(staff(DESK), method="POST"),
    "desk-check-out": Rule(staff(DESK), method="POST"),
    "desk-reading": Rule(staff(DESK), method="POST"),
    "desk-photocopy": Rule(staff(DESK)),
    "desk-reading-return": Rule(staff(DESK), method="POST"),
    "desk-photocopy-print": Rule(staff(DESK), kwargs=_photocopy),
    "desk-photocopy-done": Rule(staff(DESK), method="POST", kwargs=_photocopy),
    "desk-lockers": Rule(staff(DESK)),
    "desk-closing": Rule(staff(DESK)),
    "desk-report": Rule(staff(LIBRARIANS)),
    "desk-report-csv": Rule(staff(LIBRARIANS)),
    # --- the catalogue, its files and search (public records) ----------------------
    "publication-list": Rule(everyone()),
    "publication-detail": Rule(everyone()),
    "publication-cover": Rule(everyone()),
    "softcopy-file": Rule(everyone()),
    "softcopy-page-thumbnail": Rule(everyone()),
    # Tables follow their softcopy's level (a public one here); correcting is librarians'.
    "api-table": Rule(everyone()),
    "table-xlsx": Rule(everyone()),
    "table-csv": Rule(everyone()),
    "softcopy-tables-xlsx": Rule(everyone()),
    "publication-tables-xlsx": Rule(everyone()),
    "staff-table-edit": Rule(staff(LIBRARIANS)),
    "search": Rule(everyone(), query="q=pariaman"),
    "search-viewer": Rule(everyone()),
    # --- patrons' accounts ---------------------------------------------------------
    "patron-home": Rule(everyone()),
    "patron-login": Rule(everyone()),
    "patron-logout": Rule(everyone(), method="POST", signs_out=True),
    "patron-register": Rule(everyone()),
    "patron-register-sent": Rule(everyone()),
    "patron-verify": Rule(same_for_all()),
    "patron-password-reset": Rule(everyone()),
    "patron-password-reset-sent": Rule(everyone()),
    "patron-password-reset-confirm": Rule(same_for_all()),
    "patron-password-reset-complete": Rule(everyone()),
    "patron-account": Rule(signed_in()),
    "patron-delete": Rule(signed_in()),
    "patron-privacy": Rule(everyone()),
    # Only online patrons ask for softcopies: staff are told so (404, no form).
    "softcopy-request-new": Rule(
        signed_in(**dict.fromkeys(DESK, HIDDEN)), query=_publication_query
    ),
    # The emailed link works only for the patron it was sent to (signed in).
    "softcopy-request-download": Rule(
        signed_in(unverified=DENIED, **dict.fromkeys(DESK, DENIED)),
        kwargs=_token("softcopy_download"),
    ),
    "softcopy-request-queue": Rule(staff(LIBRARIANS)),
    "softcopy-request-approve": Rule(staff(LIBRARIANS), method="POST"),
    "softcopy-request-reject": Rule(staff(LIBRARIANS), method="POST"),
    # --- complaints and the survey -------------------------------------------------
    "feedback-complaint": Rule(everyone()),
    "feedback-complaint-thanks": Rule(everyone()),
    "feedback-survey": Rule(everyone()),
    "feedback-survey-visit": Rule(same_for_all()),
    "feedback-survey-thanks": Rule(everyone()),
    "feedback-register": Rule(staff(DESK)),
    "feedback-entry": Rule(staff(DESK)),
    "feedback-detail": Rule(staff(DESK)),
    "feedback-start": Rule(staff(DESK), method="POST"),
    "feedback-answer": Rule(staff(DESK), method="POST"),
    "feedback-close": Rule(staff(DESK), method="POST"),
    "feedback-survey-report": Rule(staff(LIBRARIANS)),
    "feedback-survey-csv": Rule(staff(LIBRARIANS)),
    "feedback-survey-invite": Rule(staff(DESK), method="POST"),
    "feedback-survey-invitation": Rule(staff(DESK)),
}
