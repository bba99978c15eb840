"""Public pages of the catalogue: a browsable list and one page per publication."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from catalogue.models import Publication
from catalogue.selectors.publications import publication_credits
from portal.publications import queries
from portal.sign_in import sign_in_url

PER_PAGE = 20
LANGUAGE_NAMES = {"ind": gettext_lazy("Indonesia"), "eng": gettext_lazy("Inggris")}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None  # a hand-edited address: ignore the filter rather than fail


@require_GET
def publication_list(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("tahun"))
    subject = _int(request.GET.get("subjek"))
    kind = request.GET.get("jenis", "")
    if kind not in Publication.Kind.values:
        kind = ""
    found = queries.browse(request.user, year=year, subject=subject, kind=kind)
    page = Paginator(found.prefetch_related("subjects"), PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    filters = request.GET.copy()
    filters.pop("halaman", None)
    return render(
        request,
        "portal/publications/list.html",
        {
            "page": page,
            "facets": queries.facets(request.user),
            "year": year,
            "subject": subject,
            "kind": kind,
            "filters": filters.urlencode(),
            "kind_labels": queries.KIND_LABELS,
        },
    )


@require_GET
def publication_detail(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = queries.publication_for_page(request.user, publication_id)
    credits = publication_credits(publication=publication)
    page_url = request.build_absolute_uri(reverse("publication-detail", args=[publication.pk]))
    return render(
        request,
        "portal/publications/detail.html",
        {
            "publication": publication,
            "credits": credits,
            "subjects": list(publication.subjects.all()),
            "kind_label": queries.KIND_LABELS.get(publication.kind, publication.kind),
            "language_names": [
                LANGUAGE_NAMES.get(code.strip(), code.strip())
                for code in publication.language.split(",")
            ],
            "availability": queries.availability(publication),
            "softcopies": queries.softcopy_entries(publication, request.user),
            "description": _description(publication),
            "page_url": page_url,
            "cover_url": request.build_absolute_uri(
                reverse("publication-cover", args=[publication.pk])
            ),
            "login_url": sign_in_url(request),
            "status_labels": queries.STATUS_LABELS,
        },
    )


def _description(publication: Publication) -> str:
    if publication.abstract:
        return Truncator(" ".join(publication.abstract.split())).chars(200)
    parts = [publication.title, publication.subtitle, publication.period]
    text = " — ".join(part for part in parts if part)
    if publication.year:
        text += f" ({publication.year})"
    return _("%(title)s. Publikasi %(publisher)s.") % {
        "title": text,
        "publisher": publication.publisher,
    }
