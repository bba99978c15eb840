"""Staff search also finds softcopies not yet catalogued (the intake inbox's), marked so.

Their pages are indexed with ``publication_id`` 0 and ``visible`` false, so public
searches never see them; the ranked search groups by publication and leaves them out.
For readers who may catalogue softcopies, one more query asks for the best page of each
such softcopy; the answer gets an ``uncatalogued`` list ("belum dikatalogkan / not yet
catalogued"), each hit linking to the viewer and to the inbox. The database is checked
last (a softcopy catalogued a moment ago is no longer listed); when Meilisearch is down
the page texts are searched in the database instead.
"""

from __future__ import annotations

import logging
from typing import Any

from django.urls import NoReverseMatch, reverse

from catalogue.models import Page, Softcopy
from catalogue.selectors.access import Reader
from catalogue.selectors.intake import INBOX_PERMISSION
from search.config import search_client
from search.selectors.marking import mark_words
from search.selectors.search import viewer_url
from search_index.errors import SearchIndexError
from search_index.query import PageHit, search_uncatalogued

logger = logging.getLogger(__name__)

LABEL = {"id": "belum dikatalogkan", "en": "not yet catalogued"}
LIMIT = 5
SNIPPET_CHARS = 240


def sees_uncatalogued(user: Reader) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(getattr(user, "has_perm", lambda _: False)(INBOX_PERMISSION))


def uncatalogued_hits(q: str, *, user: Reader, limit: int = LIMIT) -> list[dict[str, Any]]:
    """Best-matching pages of uncatalogued softcopies, for readers who catalogue them."""
    if not sees_uncatalogued(user) or not q.strip():
        return []
    try:
        client, config = search_client(timeout=2)
        found = search_uncatalogued(client, config, q, limit=limit)
    except SearchIndexError as exc:
        logger.warning("uncatalogued search falls back to the database: %s", exc)
        found = _from_database(q, limit)
    waiting = set(
        Softcopy.objects.filter(
            pk__in=[hit.softcopy_id for hit, _ in found], publication__isnull=True
        ).values_list("pk", flat=True)
    )
    return [_present(hit, title, q) for hit, title in found if hit.softcopy_id in waiting]


def with_uncatalogued(answer: dict[str, Any], q: str, *, user: Reader) -> dict[str, Any]:
    """The search answer with its ``uncatalogued`` list, for readers who may see it."""
    if sees_uncatalogued(user):
        answer["uncatalogued"] = uncatalogued_hits(q, user=user)
    return answer


def _from_database(q: str, limit: int) -> list[tuple[PageHit, str]]:
    pages = Page.objects.filter(softcopy__publication__isnull=True)
    for word in q.split()[:5]:
        pages = pages.filter(text__icontains=word)
    found: dict[int, tuple[PageHit, str]] = {}
    for page in pages.select_related("softcopy").order_by("-softcopy_id", "number")[:200]:
        if page.softcopy_id not in found:
            snippet = mark_words(page.text[:SNIPPET_CHARS], q)
            found[page.softcopy_id] = (
                PageHit(page.softcopy_id, page.number, snippet),
                page.softcopy.title,
            )
    return list(found.values())[:limit]


def _present(hit: PageHit, title: str, q: str) -> dict[str, Any]:
    try:
        inbox_url = reverse("staff-inbox-item", args=[hit.softcopy_id])
    except NoReverseMatch:
        inbox_url = ""
    return {
        "softcopy_id": hit.softcopy_id,
        "title": title,
        "page": hit.page,
        "snippet_html": hit.snippet_html or "",
        "viewer_url": viewer_url(hit.softcopy_id, hit.page, q),
        "inbox_url": inbox_url,
        "label": LABEL,
    }
