"""A real harvester (Sickle, from PyPI) harvests the live endpoint across several pages."""

from __future__ import annotations

import datetime as dt
from itertools import islice
from typing import Any

import pytest
from lxml import etree
from sickle import Sickle
from sickle.models import Record

from catalogue.models import Publication
from catalogue.services.publications import publication_delete, publication_update
from tests.data.xsd.oai_schemas import oai_pmh_schema
from tests.portal.test_oai_support import (  # noqa: F401  (oai_defaults: autouse fixture)
    T0,
    identifier,
    make,
    oai_defaults,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]
LIMIT = 50  # far more than the records: a server that repeats pages fails fast


class CheckingSickle(Sickle):
    """Sickle that counts its requests and validates every answer against the XSDs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requests: list[dict[str, str]] = []

    def harvest(self, **kwargs: Any):  # type: ignore[no-untyped-def]
        self.requests.append(kwargs)
        response = super().harvest(**kwargs)
        oai_pmh_schema().validate(etree.fromstring(response.raw.encode("utf-8")))
        return response


@pytest.fixture
def catalogue_records() -> list[Publication]:
    """Eight records: six live, one deleted, one hidden, over two days."""
    found = [
        make(f"Publikasi {n}", T0 + dt.timedelta(hours=n), kind="in_figures", subjects=["Umum"])
        for n in range(6)
    ]
    found.append(make("Ditarik", T0 + dt.timedelta(hours=7), deleted_at=T0))
    found.append(make("Tersembunyi", T0 + dt.timedelta(hours=8), visibility="hidden"))
    return found


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_full_harvest_returns_every_record_once(
    live_server, settings, catalogue_records: list[Publication], method: str
) -> None:
    settings.OAI_PAGE_SIZE = 3
    harvester = CheckingSickle(f"{live_server.url}/oai", http_method=method)

    harvested: list[Record] = list(
        islice(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False), LIMIT)
    )

    assert len(harvester.requests) == 3  # 3 + 3 + 2 records
    assert [r.header.identifier for r in harvested] == [identifier(p) for p in catalogue_records]
    deleted = {r.header.identifier for r in harvested if r.header.deleted}
    assert deleted == {identifier(catalogue_records[6]), identifier(catalogue_records[7])}
    live = [r for r in harvested if not r.header.deleted]
    assert [r.metadata["title"] for r in live] == [[f"Publikasi {n}"] for n in range(6)]
    assert all(r.metadata["type"] == ["Text", "Dalam Angka"] for r in live)


def test_list_identifiers_and_a_set_harvest(
    live_server, settings, catalogue_records: list[Publication]
) -> None:
    settings.OAI_PAGE_SIZE = 2
    harvester = CheckingSickle(f"{live_server.url}/oai")

    listed = harvester.ListIdentifiers(
        metadataPrefix="oai_dc", set="kind:in_figures", ignore_deleted=True
    )
    headers = list(islice(listed, LIMIT))

    assert [h.identifier for h in headers] == [identifier(p) for p in catalogue_records[:6]]
    assert len(harvester.requests) == 3


def test_records_changed_during_the_harvest_arrive_in_their_new_version(
    live_server, settings, catalogue_records: list[Publication]
) -> None:
    settings.OAI_PAGE_SIZE = 3
    harvester = CheckingSickle(f"{live_server.url}/oai")
    records = harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False)
    harvested = [next(records) for _ in range(3)]  # the first page

    delivered, pending = catalogue_records[0], catalogue_records[4]
    publication_update(publication=delivered, title="Publikasi 0 (revisi)")
    publication_update(publication=pending, title="Publikasi 4 (revisi)")
    publication_delete(publication=catalogue_records[5])
    harvested += list(islice(records, LIMIT))

    latest: dict[str, Record] = {}
    for record in harvested:
        latest[record.header.identifier] = record  # a harvester keeps the last version
    assert set(latest) == {identifier(p) for p in catalogue_records}
    assert latest[identifier(delivered)].metadata["title"] == ["Publikasi 0 (revisi)"]
    assert latest[identifier(pending)].metadata["title"] == ["Publikasi 4 (revisi)"]
    assert latest[identifier(catalogue_records[5])].header.deleted
    times = [r.header.identifier for r in harvested]
    assert times.count(identifier(delivered)) == 2  # old version on page 1, new one later
    assert times.count(identifier(pending)) == 1
    # Nothing was skipped: every record not touched arrived exactly once.
    untouched = [p for i, p in enumerate(catalogue_records) if i not in (0, 4, 5)]
    assert all(times.count(identifier(p)) == 1 for p in untouched)
