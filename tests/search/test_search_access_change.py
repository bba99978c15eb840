"""An access change hides text from search at once, before the index has caught up
(issue 15: restricted text stayed findable for about a minute after a bulk change)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from catalogue.models import Softcopy
from catalogue.services.bulk_edits import softcopy_bulk_set_access
from search.models import OutboxEntry
from tests.search.builders import flush, publication, softcopy

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _pages(client: Client, user: User, q: str) -> set[int]:
    client.force_login(user)
    answer: dict[str, Any] = client.get("/api/v1/search", {"q": q}).json()
    return {page["softcopy_id"] for hit in answer["publications"] for page in hit["pages"]}


def test_a_stricter_level_hides_the_text_before_the_index_is_updated(search, readers) -> None:
    owner = publication("Statistik Nelayan 2024", year=2024)
    text = softcopy(owner, ["Hasil tangkapan ikanbilis per kecamatan."], access="patrons")
    flush()
    client = Client()
    assert _pages(client, readers["patron"], "ikanbilis") == {text.pk}
    # The bulk action's service, as the admin runs it: a QuerySet.update(), which reaches
    # the index only with the periodic sweep (search.receivers), so Meilisearch still
    # holds the page as the patrons' when the next search comes.
    softcopy_bulk_set_access(softcopy_ids=[text.pk], access_level=Softcopy.Access.STAFF)
    assert not OutboxEntry.objects.exists()  # nothing has told the index yet
    assert _pages(client, readers["patron"], "ikanbilis") == set()
    assert _pages(client, readers["staff"], "ikanbilis") == {text.pk}
