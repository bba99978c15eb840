"""The staff shell: one navigation, grouped by what people do, filtered by permission.

Every staff page extends ``portal/base.html``; the context processor below gives it the
groups the signed-in user may open (``staff_nav``) and the tabs of the group the current
page belongs to (``section_nav``). A link is shown only when the user holds the
permission its view checks, so nobody is shown a door that answers 403. Links whose URL
does not exist (yet) in this installation are left out rather than failing the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

STAFF = "staff"  # is_staff, what django.contrib.admin's staff_member_required checks
# The report hub opens for anyone who may see one of its topics (portal/reports/topics.py).
ANY_REPORT = "any:" + "|".join(
    (
        "visitors.view_service_report",
        "feedback.view_complaint",
        "feedback.view_surveyresponse",
        "catalogue.view_digitisationjob",
        "indexing.view_searchquerycount",
    )
)


@dataclass(frozen=True)
class Link:
    """One destination: its label, URL name and the permission its view checks."""

    label: Any
    url_name: str
    permission: str
    also_current: tuple[str, ...] = ()  # URL names of sub-pages that light this tab up
    ident: str = ""  # the element id is nav-<ident>, by default nav-<url name>

    @property
    def element_id(self) -> str:
        return "nav-" + (self.ident or self.url_name.replace(":", "-").replace("_", "-"))


@dataclass(frozen=True)
class Group:
    code: str
    label: Any
    links: tuple[Link, ...]


GROUPS: tuple[Group, ...] = (
    Group(
        "layanan",
        _("Layanan"),
        (
            Link(
                _("Antrean"),
                "desk-queue",
                "visitors.use_desk",
                ("desk-reading", "desk-photocopy", "desk-locker"),
            ),
            Link(_("Papan loker"), "desk-lockers", "visitors.use_desk"),
            Link(_("Tutup layanan"), "desk-closing", "visitors.use_desk"),
            Link(_("Layar antrean"), "queue-display", "visitors.use_desk"),
            Link(_("Buku tamu (kios)"), "kiosk", "visitors.use_desk"),
            Link(
                _("Laporan layanan"), "desk-report", "visitors.view_service_report", ident="report"
            ),
        ),
    ),
    Group(
        "koleksi",
        _("Koleksi"),
        (
            Link(_("Monitor digitalisasi"), "staff-monitor", "catalogue.view_digitisationjob"),
            Link(_("Digitalisasi"), "staff-jobs", "catalogue.view_digitisationjob", ("staff-job",)),
            Link(_("Antrean pindai"), "scan-queue", "scanning.view_scanrequest"),
            Link(
                _("Kotak masuk"),
                "staff-inbox",
                "catalogue.change_publication",
                ("staff-inbox-item",),
            ),
            Link(
                _("Permintaan salinan"),
                "softcopy-request-queue",
                "patrons.decide_softcopyrequest",
            ),
            Link(_("Katalog (admin)"), "admin:catalogue_publication_changelist", STAFF),
        ),
    ),
    Group(
        "pengaduan",
        _("Pengaduan & Survei"),
        (
            Link(
                _("Register pengaduan"),
                "feedback-register",
                "feedback.view_complaint",
                ("feedback-detail",),
            ),
            Link(_("Catat pengaduan"), "feedback-entry", "feedback.add_complaint"),
            Link(
                _("Laporan survei (IKM)"), "feedback-survey-report", "feedback.view_surveyresponse"
            ),
            Link(_("Formulir publik"), "feedback-complaint", "feedback.view_complaint"),
            Link(_("Survei publik"), "feedback-survey", "feedback.view_complaint"),
        ),
    ),
    Group(
        "administrasi",
        _("Administrasi"),
        (
            Link(
                _("Grafik & laporan"),
                "staff-reports",
                ANY_REPORT,
                ("staff-report",),
            ),
            Link(_("Pengguna"), "admin:auth_user_changelist", "auth.view_user"),
            Link(_("Situs admin"), "admin:index", STAFF),
        ),
    ),
)


def _allowed(user: Any, permission: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if permission == STAFF:
        return bool(user.is_staff)
    if permission.startswith("any:"):
        return any(user.has_perm(p) for p in permission[4:].split("|"))
    return bool(user.has_perm(permission))


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def staff_groups_for(user: Any, current: str = "") -> list[dict[str, Any]]:
    """The groups with at least one link ``user`` may open, each link resolved to its URL."""
    groups = []
    for group in GROUPS:
        links = []
        for link in group.links:
            url = _url(link.url_name) if _allowed(user, link.permission) else None
            if url is None:
                continue
            is_current = current == link.url_name or current in link.also_current
            links.append(
                {"label": link.label, "url": url, "current": is_current, "id": link.element_id}
            )
        if links:
            groups.append(
                {
                    "code": group.code,
                    "label": group.label,
                    "url": links[0]["url"],
                    "links": links,
                    "current": any(item["current"] for item in links),
                }
            )
    return groups


def staff_nav(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``staff_nav`` (groups) and ``section_nav`` (the current group)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_nav": [], "section_nav": None}
    match = getattr(request, "resolver_match", None)
    current = ""
    if match is not None:
        current = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    groups = staff_groups_for(user, current or "")
    section = next((group for group in groups if group["current"]), None)
    return {"staff_nav": groups, "section_nav": section}
