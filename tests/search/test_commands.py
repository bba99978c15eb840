"""search_reindex (atomic swap under load), search_status, search --json, CLI aliases."""

from __future__ import annotations

import io
import json
import threading
from contextlib import redirect_stdout
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from portal.cli import main as pustaka
from search.models import OutboxEntry
from search_index.indexes import count, index_name
from tests.search.builders import flush, pages_with, publication, softcopy

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_catalogue(search, readers, settings) -> dict[str, Any]:
    owners = [publication(f"Kota Pariaman Dalam Angka {2010 + i}", year=2010 + i) for i in range(6)]
    for owner in owners:
        softcopy(owner, pages_with("gabahkering"))
    publication("Direktori Perusahaan 2015", year=2015, kind="directory")
    flush()
    return {"owners": owners, "readers": readers}


def _status() -> dict[str, Any]:
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exit_info:
        pustaka(["search-status", "--json"])  # the hyphenated alias
    return {"exit": exit_info.value.code, **json.loads(out.getvalue())}


def _status_in_step() -> dict[str, Any]:
    out = io.StringIO()
    call_command("search_status", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_status_compares_database_and_index(small_catalogue, search) -> None:
    status = _status_in_step()
    assert status["indexes"]["publications"] == {"database": 7, "index": 7, "in_step": True}
    # 6 softcopies x 10 pages + 7 publication records in the pages index
    assert status["indexes"]["pages"] == {"database": 67, "index": 67, "in_step": True}
    assert status["outbox"]["pending"] == 0
    publication("Belum terindeks", year=2020)  # written to the outbox, not yet flushed
    behind = _status()
    assert behind["exit"] == 1
    assert behind["indexes"]["publications"] == {"database": 8, "index": 7, "in_step": False}
    assert behind["outbox"]["pending"] == 1
    assert behind["outbox"]["oldest"]


def test_reindex_swaps_while_search_keeps_answering(small_catalogue, search) -> None:
    patron = small_catalogue["readers"]["patron"]
    failures: list[str] = []
    answers: list[int] = []
    done = threading.Event()

    def query_in_a_loop() -> None:
        client = Client()
        client.force_login(patron)
        while not done.is_set() or not answers:
            response = client.get("/api/v1/search", {"q": "gabahkering"})
            body = response.json()
            if response.status_code != 200 or body["fallback"] or body["total"] not in (6, 7):
                failures.append(
                    f"{response.status_code} {body.get('total')} {body.get('fallback')}"
                )
            answers.append(body.get("total", -1))

    # Made behind the index's back: only the rebuild from the database finds it.
    late = publication("Kota Pariaman Dalam Angka 2030", year=2030)
    softcopy(late, pages_with("gabahkering"))
    OutboxEntry.objects.all().delete()
    thread = threading.Thread(target=query_in_a_loop)
    thread.start()
    try:
        out = io.StringIO()
        with redirect_stdout(out):
            pustaka(["search-reindex"])
    finally:
        done.set()
        thread.join(30)
    assert failures == []
    assert len(answers) >= 2
    assert "swap" in out.getvalue()
    names = {index["uid"] for index in search.client.get_raw_indexes()["results"]}
    assert names == {index_name(search.config, "pages"), index_name(search.config, "publications")}
    assert count(search.client, index_name(search.config, "pages")) == 67 + 11
    client = Client()
    client.force_login(patron)
    assert client.get("/api/v1/search", {"q": "gabahkering"}).json()["total"] == 7


def test_search_command_json_equals_the_api(small_catalogue) -> None:
    staff = small_catalogue["readers"]["staff"]
    out = io.StringIO()
    call_command(
        "search", "gabahkering", "--json", "--year", "2012", "--user", "petugas", stdout=out
    )
    from_command = json.loads(out.getvalue())
    client = Client()
    client.force_login(staff)
    from_api = client.get("/api/v1/search", {"q": "gabahkering", "year": "2012"}).json()
    for answer in (from_command, from_api):
        answer.pop("processing_ms")
    assert from_command == from_api
    assert [p["year"] for p in from_api["publications"]] == [2012]
    text = io.StringIO()
    call_command("search", "gabahkering", stdout=text)
    assert "hal.    7: " in text.getvalue()
    assert "*gabahkering*" in text.getvalue()
