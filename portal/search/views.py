"""The search page (/cari/) and the PDF viewer it opens at a page (/cari/baca/<id>/).

Thin edges: the page calls the selector the search API calls (``results.search_answer``)
so it shows what the API and its script show; the viewer checks the one access rule.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from catalogue.models import Publication, Softcopy
from catalogue.selectors.access import softcopy_readable_by
from common.language import in_language
from portal.search import presenting
from portal.search.results import (
    fulltext_needs_login,
    has_query,
    search_answer,
    selected_filters,
)
from portal.sign_in import patron_sign_in, sign_in_url
from search.query_log import search_query_record
from search_index.synonyms import synonym_terms

QUERY_MAX = 200  # characters of a query the viewer passes on to the highlighter


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Search form and the first page of results, complete without JavaScript."""
    answer = search_answer(request)
    data = answer.data
    if answer.error is None and not request.GET.get("page"):  # a search asked, not paged
        search_query_record(query=request.GET.get("q", ""), hits=int(data.get("total") or 0))
    chosen = selected_filters(request)
    links = presenting.page_links(request, data)
    current = int(data.get("page") or 1)
    labels = presenting.facet_labels()
    context = {
        "q": request.GET.get("q", ""),
        "asked": has_query(request),
        "answer": data,
        "error": in_language(answer.error),
        "publications": presenting.publication_views(data),
        "uncatalogued": presenting.uncatalogued_views(data),
        "facets": presenting.facets(data, chosen, labels),
        "page_links": links,
        "previous_link": next((link for link in links if link.number == current - 1), None),
        "next_link": next((link for link in links if link.number == current + 1), None),
        "notice": in_language(data.get("notice")),
        "needs_login": fulltext_needs_login(request),
        "login_url": sign_in_url(request),
        "api_url": reverse("api-search"),
        "facet_labels": labels,
        "texts": presenting.script_texts(),
    }
    return render(request, "portal/search/search.html", context)


@require_GET
def viewer(request: HttpRequest, softcopy_id: int) -> HttpResponse:
    """pdf.js opened at ``?halaman=N`` with the words of ``?q=`` highlighted, and the
    synonyms they found (Meilisearch matched those too, so the page may show only them)."""
    softcopy = get_object_or_404(Softcopy.objects.select_related("publication"), pk=softcopy_id)
    if not softcopy_readable_by(softcopy, request.user):
        if _sign_in_would_help(request, softcopy):
            return patron_sign_in(request)
        raise Http404  # hidden or above the reader's level: don't tell that it exists
    page_count = softcopy.page_count or 0
    number = _page_number(request.GET.get("halaman"), page_count)
    query = request.GET.get("q", "")[:QUERY_MAX]
    file_url = reverse("softcopy-file", args=[softcopy.pk])
    context = {
        "softcopy": softcopy,
        "publication": softcopy.publication,
        "page": number,
        "page_count": page_count,
        "query": query,
        "synonyms": synonym_terms(query),
        "file_url": file_url,
        "download_url": f"{file_url}?unduh=1",
        "back_url": f"{reverse('search')}?{urlencode({'q': query})}"
        if query
        else reverse("search"),
    }
    return render(request, "portal/search/viewer.html", context)


def _sign_in_would_help(request: HttpRequest, softcopy: Softcopy) -> bool:
    """An anonymous visitor at a patrons' file of a public, live publication."""
    publication = softcopy.publication
    return (
        not request.user.is_authenticated
        and softcopy.access_level == Softcopy.Access.PATRONS
        and publication is not None
        and publication.deleted_at is None
        and publication.visibility == Publication.Visibility.PUBLIC
    )


def _page_number(raw: str | None, page_count: int) -> int:
    """``halaman`` as a page of this file: junk means 1, too far means the last page."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    number = max(1, number)
    return min(number, page_count) if page_count else number
