"""Staff search also finds softcopies not yet catalogued (the intake inbox's).

Their pages are indexed with ``publication_id`` 0 and ``visible`` false, so public
searches never see them; the ranked search groups by publication and leaves them out.
For readers who may catalogue softcopies, one more query asks for the best page of each
such softcopy (the portal lists them as "belum dikatalogkan / not yet catalogued"). The
database is checked last (a softcopy catalogued a moment ago is no longer listed); when
Meilisearch is down the page texts are searched in the database instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from catalogue.models import Page, Softcopy
from catalogue.selectors.access import Reader
from catalogue.selectors.intake import INBOX_PERMISSION
from search.config import search_client
from search_index.errors import SearchIndexError
from search_index.query import search_uncatalogued

logger = logging.getLogger(__name__)

LIMIT = 5
SNIPPET_CHARS = 240


@dataclass(frozen=True)
class UncataloguedHit:
    """The best page of an uncatalogued softcopy: Meilisearch's marked crop, or (database
    fallback) ``snippet_html`` None and the page's opening ``text`` for the edge to mark."""

    softcopy_id: int
    page: int
    title: str
    snippet_html: str | None
    text: str = ""


def sees_uncatalogued(user: Reader) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(getattr(user, "has_perm", lambda _: False)(INBOX_PERMISSION))


def uncatalogued_found(q: str, *, user: Reader, limit: int = LIMIT) -> list[UncataloguedHit]:
    """Best-matching pages of uncatalogued softcopies, for readers who catalogue them."""
    if not sees_uncatalogued(user) or not q.strip():
        return []
    try:
        client, config = search_client(timeout=2)
        found = [
            UncataloguedHit(hit.softcopy_id, hit.page, title, hit.snippet_html or "")
            for hit, title in search_uncatalogued(client, config, q, limit=limit)
        ]
    except SearchIndexError as exc:
        logger.warning("uncatalogued search falls back to the database: %s", exc)
        found = _from_database(q, limit)
    waiting = set(
        Softcopy.objects.filter(
            pk__in=[hit.softcopy_id for hit in found], publication__isnull=True
        ).values_list("pk", flat=True)
    )
    return [hit for hit in found if hit.softcopy_id in waiting]


def _from_database(q: str, limit: int) -> list[UncataloguedHit]:
    pages = Page.objects.filter(softcopy__publication__isnull=True)
    for word in q.split()[:5]:
        pages = pages.filter(text__icontains=word)
    found: dict[int, UncataloguedHit] = {}
    for page in pages.select_related("softcopy").order_by("-softcopy_id", "number")[:200]:
        if page.softcopy_id not in found:
            found[page.softcopy_id] = UncataloguedHit(
                page.softcopy_id, page.number, page.softcopy.title, None, page.text[:SNIPPET_CHARS]
            )
    return list(found.values())[:limit]
