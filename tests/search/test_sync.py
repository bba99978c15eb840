"""The outbox sync against a real Meilisearch: nothing lost across an outage, idempotent."""

from __future__ import annotations

import subprocess

import pytest
from django.db import transaction
from django.test import Client

from catalogue.models import Page, Publication
from catalogue.services.bulk_edits import softcopy_bulk_set_access
from catalogue.services.publications import (
    publication_bulk_set_visibility,
    publication_delete,
    publication_update,
)
from portal.stack import services
from search.models import OutboxEntry
from search.sync import sweep_modified
from search_index.errors import SearchUnavailableError
from search_index.indexes import count, index_name
from tests.search.builders import flush, publication, softcopy

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def found(client: Client, q: str) -> dict[int, list[int]]:
    response = client.get("/api/v1/search", {"q": q})
    assert response.status_code == 200
    return {p["id"]: [pg["page"] for pg in p["pages"]] for p in response.json()["publications"]}


@pytest.fixture
def patron_client(readers) -> Client:
    client = Client()
    client.force_login(readers["patron"])
    return client


def test_changes_are_written_to_the_outbox_in_the_same_transaction(search, readers) -> None:
    def create_then_fail() -> None:
        with transaction.atomic():
            publication("Dibatalkan", year=2020)
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        create_then_fail()
    assert OutboxEntry.objects.count() == 0
    owner = publication("Tersimpan", year=2020, subjects=["Pertanian"])
    copy = softcopy(owner, ["satu"])
    kinds = set(OutboxEntry.objects.values_list("kind", "object_id"))
    assert kinds == {("publication", owner.pk), ("softcopy", copy.pk)}
    rows = OutboxEntry.objects.count()
    assert flush() == rows
    assert OutboxEntry.objects.count() == 0
    assert flush() == 0


def test_catalogue_edits_reach_the_index_and_flush_is_idempotent(search, patron_client) -> None:
    owner = publication("Statistik Daerah 2020", year=2020)
    copy = softcopy(owner, ["pendahuluan", "kelapasawit di Pariaman"])
    flush()
    assert found(patron_client, "kelapasawit") == {owner.pk: [2]}
    page = Page.objects.get(softcopy=copy, number=2)
    page.text = "cengkehkering di Pariaman"  # a corrected OCR text
    page.save()
    publication_update(publication=owner, year=2021)
    flush()
    flush()  # twice changes nothing
    assert found(patron_client, "kelapasawit") == {}
    assert found(patron_client, "cengkehkering") == {owner.pk: [2]}
    years = patron_client.get("/api/v1/search", {"q": "cengkehkering", "year": "2021"}).json()
    assert years["total"] == 1
    softcopy_bulk_set_access(softcopy_ids=[copy.pk], access_level="staff")  # no signal
    assert sweep_modified() == 0  # the first sweep only sets its watermark
    softcopy_bulk_set_access(softcopy_ids=[copy.pk], access_level="public")
    softcopy_bulk_set_access(softcopy_ids=[copy.pk], access_level="staff")
    assert sweep_modified() == 1
    flush()
    assert found(patron_client, "cengkehkering") == {}
    publication_bulk_set_visibility(publication_ids=[owner.pk], visibility="hidden")
    publication_delete(publication=owner)
    flush()
    assert count(search.client, index_name(search.config, "publications")) == 0
    assert count(search.client, index_name(search.config, "pages")) == 0


def test_meilisearch_down_then_back_loses_nothing(search, patron_client, settings) -> None:
    kept = publication("Indikator Kesejahteraan Rakyat 2019", year=2019)
    softcopy(kept, ["angka harapan hidup", "rambutanmanis tersedia"])
    flush()
    args = search.process.args
    search.process.terminate()
    search.process.wait(10)
    # Edits and "ingest" still succeed while search is down; the rows wait.
    added = publication("Kota Pariaman Dalam Angka 2023", year=2023, subjects=["Pertanian"])
    softcopy(added, ["pendahuluan", "durianmontong dari Pariaman Utara"])
    publication_update(publication=kept, title="Indikator Kesejahteraan Rakyat 2019 (revisi)")
    pending = OutboxEntry.objects.count()
    with pytest.raises(SearchUnavailableError):
        flush()
    assert OutboxEntry.objects.count() == pending
    answer = patron_client.get("/api/v1/search", {"q": "Dalam Angka"}).json()
    assert answer["fallback"] is True
    assert answer["notice"]["id"].startswith("Pencarian teks lengkap")
    assert [p["id"] for p in answer["publications"]] == [added.pk]
    assert "<mark>Dalam</mark>" in answer["publications"][0]["title_html"]
    health = patron_client.get("/healthz")
    assert health.status_code == 503
    component = health.json()["components"]["search"]
    assert component["state"] == "down"
    assert component["fallback"].startswith("database")
    assert "outbox" in component
    # Restart on the same port and data directory: the backlog is applied.
    restarted = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        services.wait_until("meilisearch", lambda: services.meilisearch_ready(search.url), 60)
        assert flush() == pending
        assert found(patron_client, "durianmontong") == {added.pk: [2]}
        assert found(patron_client, "rambutanmanis") == {kept.pk: [2]}
        assert (
            "revisi"
            in patron_client.get("/api/v1/search", {"q": "revisi"}).json()["publications"][0][
                "title"
            ]
        )
        assert OutboxEntry.objects.count() == 0
    finally:
        restarted.terminate()
        restarted.wait(10)


def test_hidden_and_deleted_never_reach_non_staff(search, patron_client) -> None:
    owner = publication("Berita Resmi Statistik Inflasi", year=2024, kind="news")
    softcopy(owner, ["inflasi bulanan nangkabelanda"])
    flush()
    assert found(patron_client, "nangkabelanda") == {owner.pk: [1]}
    Publication.objects.filter(pk=owner.pk).update(visibility="hidden")  # index not yet told
    assert found(patron_client, "nangkabelanda") == {}  # the database check still hides it
