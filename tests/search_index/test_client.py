"""The Meilisearch client wrapper against a real Meilisearch."""

from __future__ import annotations

import subprocess

import pytest

from portal.stack import services
from search_index.client import SearchConfig, make_client, server_status, wait_for_task
from search_index.errors import SearchTaskFailedError, SearchUnavailableError

pytestmark = pytest.mark.integration


def test_document_written_is_found(
    meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]],
) -> None:
    url, key, _ = meilisearch_instance
    client = make_client(SearchConfig(url=url, api_key=key))
    index = client.index("pages")
    task = index.add_documents(
        [
            {"id": "p1", "text": "Produksi padi Kecamatan Pariaman Tengah tahun 2019"},
            {"id": "p2", "text": "Jumlah penduduk menurut jenis kelamin"},
        ],
        primary_key="id",
    )
    wait_for_task(client, task.task_uid)
    hits = index.search("padi pariaman")["hits"]
    assert [hit["id"] for hit in hits] == ["p1"]


def test_failed_task_raises(meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]]) -> None:
    url, key, _ = meilisearch_instance
    client = make_client(SearchConfig(url=url, api_key=key))
    # A document id with a space is invalid: Meilisearch accepts the request, then fails the task.
    task = client.index("pages").add_documents([{"id": "not valid!"}], primary_key="id")
    with pytest.raises(SearchTaskFailedError) as excinfo:
        wait_for_task(client, task.task_uid)
    assert excinfo.value.status == "failed"


def test_status_reports_version_and_unavailable(
    meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]],
) -> None:
    url, key, _ = meilisearch_instance
    status = server_status(make_client(SearchConfig(url=url, api_key=key)))
    assert status.healthy
    assert status.version.startswith("1.")
    dead = f"http://127.0.0.1:{services.free_port()}"
    with pytest.raises(SearchUnavailableError):
        server_status(make_client(SearchConfig(url=dead, api_key=key, timeout=1)))


def test_pages_are_upserted_with_filterable_settings(
    meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]],
) -> None:
    from search_index.pages import index_name, upsert_pages

    url, key, _ = meilisearch_instance
    config = SearchConfig(url=url, api_key=key, index_prefix="uji")
    client = make_client(config)
    docs = [
        {
            "id": f"s7-p{n}",
            "softcopy_id": 7,
            "page": n,
            "text": f"halaman {n} inflasi",
            "title": "Inflasi",
            "publication_id": None,
            "access_level": "public",
        }
        for n in (1, 2)
    ]
    upsert_pages(client, config, docs)
    upsert_pages(client, config, docs)  # idempotent: the same ids are replaced, not added
    index = client.index(index_name(config, "pages"))
    found = index.search("inflasi", {"filter": "softcopy_id = 7", "sort": ["page:asc"]})
    assert [hit["page"] for hit in found["hits"]] == [1, 2]
    assert index.get_stats().number_of_documents == 2
