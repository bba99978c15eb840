"""Turn a search API answer into what the search page template shows.

The script (static/portal/search.js) renders the same structure from the same JSON;
keep the two in step when either changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, QueryDict
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from catalogue.models import Publication
from portal.publications.queries import KIND_LABELS
from portal.search.results import FACETS

FACET_TITLES: dict[str, Promise] = {
    "year": _("Tahun"),
    "subject": _("Subjek"),
    "area": _("Wilayah"),
    "kind": _("Jenis publikasi"),
}
PAGE_WINDOW = 2  # page links shown on each side of the current one


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    checked: bool


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    values: list[FacetValue]


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


def area_names() -> dict[str, str]:
    """Area code -> name as catalogued, for the area facet's labels (a handful of rows)."""
    rows = (
        Publication.objects.exclude(area_code="")
        .exclude(area_name="")
        .values_list("area_code", "area_name")
        .distinct()[:500]
    )
    return dict(rows)


def facet_labels() -> dict[str, dict[str, str]]:
    """Labels of facet values that are codes (kind, area), for the page and its script."""
    return {"kind": {key: str(label) for key, label in KIND_LABELS.items()}, "area": area_names()}


def facets(
    data: dict[str, Any], chosen: dict[str, list[str]], labels: dict[str, dict[str, str]]
) -> list[Facet]:
    """Every facet with its values and counts; chosen values stay listed even at zero."""
    shown = []
    for name in FACETS:
        counts = {str(k): int(v) for k, v in (data.get("facets") or {}).get(name, {}).items()}
        for value in chosen.get(name, []):
            counts.setdefault(value, 0)
        names = labels.get(name, {})
        values = [
            FacetValue(value, names.get(value, value), count, value in chosen.get(name, []))
            for value, count in counts.items()
        ]
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.label.casefold()))
        if values:
            shown.append(Facet(name, str(FACET_TITLES[name]), values))
    return shown


def page_links(request: HttpRequest, data: dict[str, Any]) -> list[PageLink]:
    """Links to the pages of results around the current one (empty for a single page)."""
    total = int(data.get("pages_total") or 0)
    current = int(data.get("page") or 1)
    if total <= 1:
        return []
    numbers = sorted(
        {1, total, *range(max(1, current - PAGE_WINDOW), min(total, current + PAGE_WINDOW) + 1)}
    )
    return [PageLink(n, _with_page(request.GET, n), n == current) for n in numbers]


def _with_page(params: QueryDict, number: int) -> str:
    changed = params.copy()
    changed["page"] = str(number)
    return "?" + changed.urlencode()


MARK_TAG = re.compile(r"</?mark>")


def marked(html: str | None, plain: str) -> SafeString:
    """An API ``*_html`` field as HTML, after checking it holds no tag but ``<mark>``.

    The contract promises escaped text plus ``<mark>``; should a value ever break that
    promise, the plain text is shown escaped instead of trusting it.
    """
    if html and "<" not in MARK_TAG.sub("", html) and ">" not in MARK_TAG.sub("", html):
        return mark_safe(html)  # checked above: no tag but <mark> remains
    return escape(plain)


def publication_views(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's publications with their highlighted title and snippets made safe to show."""
    shown = []
    for publication in data.get("publications") or []:
        pages = [
            {**hit, "snippet": marked(hit.get("snippet_html"), "")}
            for hit in publication.get("pages") or []
        ]
        title = publication.get("title", "")
        kind = publication.get("kind", "")
        shown.append(
            {
                **publication,
                "title_markup": marked(publication.get("title_html"), title),
                "pages": pages,
                "hits": publication.get("hits") or len(pages),
                # The catalogue's label is Indonesian only; ours follows the page's language.
                "kind_label": str(KIND_LABELS.get(kind, publication.get("kind_label", ""))),
            }
        )
    return shown


def uncatalogued_views(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Staff's hits in softcopies not yet catalogued, snippets made safe to show."""
    return [
        {**hit, "snippet": marked(hit.get("snippet_html"), "")}
        for hit in data.get("uncatalogued") or []
    ]


def script_texts() -> dict[str, str]:
    """The words search.js writes, in the page's language (it fills ``%(name)s`` itself)."""
    return {
        # The same msgids as the templates' blocktranslate, placeholders and all.
        "count_one": ngettext("%(total)s publikasi ditemukan", "%(total)s publikasi ditemukan", 1),
        "count_other": ngettext(
            "%(total)s publikasi ditemukan", "%(total)s publikasi ditemukan", 2
        ),
        "hits_one": ngettext("%(hits)s halaman cocok", "%(hits)s halaman cocok", 1),
        "hits_other": ngettext("%(hits)s halaman cocok", "%(hits)s halaman cocok", 2),
        "open_at_page": gettext("Buka di halaman %(number)s"),
        "did_you_mean": gettext("Mungkin maksud Anda:"),
        "nothing": gettext("Coba kata lain atau kurangi saringan."),
        "fallback": gettext(
            "Pencarian teks lengkap sedang tidak tersedia; hasil dari judul dan metadata."
        ),
        "searching": gettext("Mencari…"),
        "unavailable": gettext("Pencarian sedang tidak tersedia. Silakan coba lagi sebentar lagi."),
        "previous": gettext("‹ Sebelumnya"),
        "next": gettext("Berikutnya ›"),
        "catalogue_number": gettext("No. katalog"),
        "language": (get_language() or "id")[:2],
    }
