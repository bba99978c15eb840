"""OAI-PMH 2.0 at /oai: each verb, each error code, date windows, sets and tokens.

Every answer is validated against the vendored OAI-PMH.xsd and oai_dc.xsd (in ``oai``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from catalogue.models import Publication, Subject
from tests.portal.test_oai_support import (
    DOMAIN,
    NS,
    T0,
    error_code,
    identifier,
    identifiers,
    make,
    oai,
    oai_defaults,  # noqa: F401  (autouse fixture)
    token,
)

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)
MAX_PAGES = 20  # a server that never ends a list fails fast instead of looping
DAY = dt.timedelta(days=1)


@pytest.fixture
def records() -> dict[str, Publication]:
    found = {
        "a": make(
            "Kota Pariaman Dalam Angka 2025",
            T0,
            kind="in_figures",
            subjects=["Kependudukan"],
            issn_print="2088-9372",
            catalogue_number="1102001.1377",
        ),
        "b": make("Berita Resmi Statistik Maret", T0 + HOUR, kind="news", subjects=["Ekonomi"]),
        "c": make(
            "Direktori lama", T0 + DAY, kind="directory", deleted_at=T0, subjects=["Ekonomi"]
        ),
        "d": make("Catatan internal", T0 + DAY + dt.timedelta(seconds=5), visibility="hidden"),
        "e": make("Statistik Daerah 2025", T0 + 2 * DAY, subjects=["Kependudukan", "Ekonomi"]),
    }
    return found


def ids(records: dict[str, Publication], keys: str) -> list[str]:
    return [identifier(records[key]) for key in keys]


# --- Identify, ListMetadataFormats, ListSets ------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_identify_describes_the_repository(
    client: Client, records: dict[str, Publication], method: str
) -> None:
    root = oai(client, method=method, verb="Identify")

    about = root.find("o:Identify", NS)
    assert about is not None
    assert about.findtext("o:baseURL", namespaces=NS) == "http://testserver/oai"
    assert about.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert about.findtext("o:earliestDatestamp", namespaces=NS) == "2025-03-01T08:00:00Z"
    assert about.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert about.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert about.findtext("o:adminEmail", namespaces=NS) == "pst1377@bps.go.id"
    request = root.find("o:request", NS)
    assert request is not None
    assert request.get("verb") == "Identify"


def test_identify_of_an_empty_repository_and_a_configured_public_url(
    client: Client, settings
) -> None:
    settings.PUBLIC_URL = "https://pst.example/"
    root = oai(client, verb="Identify")
    assert root.findtext("o:Identify/o:earliestDatestamp", namespaces=NS) == "1970-01-01T00:00:00Z"
    assert root.findtext("o:Identify/o:baseURL", namespaces=NS) == "https://pst.example/oai"
    assert root.findtext("o:request", namespaces=NS) == "https://pst.example/oai"


def test_list_metadata_formats_offers_oai_dc(client: Client, records) -> None:
    for params in ({}, {"identifier": identifier(records["a"])}):
        root = oai(client, verb="ListMetadataFormats", **params)
        formats = root.findall("o:ListMetadataFormats/o:metadataFormat", NS)
        assert [f.findtext("o:metadataPrefix", namespaces=NS) for f in formats] == ["oai_dc"]
        assert formats[0].findtext("o:metadataNamespace", namespaces=NS) == (
            "http://www.openarchives.org/OAI/2.0/oai_dc/"
        )


@pytest.mark.parametrize(
    "unknown", [f"oai:{DOMAIN}:999999", "oai:elsewhere.example:1", f"oai:{DOMAIN}:1x", "1"]
)
def test_unknown_identifiers_do_not_exist(client: Client, records, unknown: str) -> None:
    assert error_code(oai(client, verb="ListMetadataFormats", identifier=unknown)) == (
        "idDoesNotExist"
    )
    root = oai(client, verb="GetRecord", identifier=unknown, metadataPrefix="oai_dc")
    assert error_code(root) == "idDoesNotExist"


def test_list_sets_by_subject_and_by_kind(client: Client, records) -> None:
    root = oai(client, verb="ListSets")

    sets = {
        s.findtext("o:setSpec", namespaces=NS): s.findtext("o:setName", namespaces=NS)
        for s in root.findall("o:ListSets/o:set", NS)
    }
    population = Subject.objects.get(name="Kependudukan")
    assert sets[f"subject:{population.pk}"] == "Kependudukan"
    assert sets["kind:in_figures"] == "Dalam Angka"
    assert sets["kind:news"] == "Berita Resmi Statistik"
    assert len(sets) == Subject.objects.count() + len(Publication.Kind.values)
    assert error_code(oai(client, verb="ListSets", resumptionToken="x")) == "badResumptionToken"


# --- GetRecord -------------------------------------------------------------------------


def test_get_record_of_a_live_record(client: Client, records) -> None:
    root = oai(
        client, verb="GetRecord", identifier=identifier(records["a"]), metadataPrefix="oai_dc"
    )

    record = root.find("o:GetRecord/o:record", NS)
    assert record is not None
    header = record.find("o:header", NS)
    assert header is not None
    assert header.get("status") is None
    assert header.findtext("o:datestamp", namespaces=NS) == "2025-03-01T08:00:00Z"
    subject = Subject.objects.get(name="Kependudukan")
    assert [s.text for s in header.findall("o:setSpec", NS)] == [
        f"subject:{subject.pk}",
        "kind:in_figures",
    ]
    dc = record.find("o:metadata/oai_dc:dc", NS)
    assert dc is not None
    assert dc.findtext("dc:title", namespaces=NS) == "Kota Pariaman Dalam Angka 2025"
    dc_ids = [i.text for i in dc.findall("dc:identifier", NS)]
    assert "urn:issn:2088-9372" in dc_ids
    assert "Katalog BPS: 1102001.1377" in dc_ids
    assert f"http://testserver/publikasi/{records['a'].pk}/" in dc_ids


@pytest.mark.parametrize("key", ["c", "d"])
def test_deleted_and_hidden_records_are_reported_deleted(client: Client, records, key) -> None:
    root = oai(
        client, verb="GetRecord", identifier=identifier(records[key]), metadataPrefix="oai_dc"
    )

    header = root.find("o:GetRecord/o:record/o:header", NS)
    assert header is not None
    assert header.get("status") == "deleted"
    assert root.find("o:GetRecord/o:record/o:metadata", NS) is None


def test_get_record_needs_a_known_format_and_both_arguments(client: Client, records) -> None:
    one = identifier(records["a"])
    root = oai(client, verb="GetRecord", identifier=one, metadataPrefix="marc21")
    assert error_code(root) == "cannotDisseminateFormat"
    assert root.find("o:request", NS).get("metadataPrefix") == "marc21"  # type: ignore[union-attr]
    assert error_code(oai(client, verb="GetRecord", identifier=one)) == "badArgument"
    assert error_code(oai(client, verb="GetRecord", metadataPrefix="oai_dc")) == "badArgument"


# --- ListIdentifiers / ListRecords: windows and sets ----------------------------------


def test_list_identifiers_lists_every_record_in_change_order(client: Client, records) -> None:
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")

    assert identifiers(root) == ids(records, "abcde")
    statuses = [h.get("status") for h in root.findall("o:ListIdentifiers/o:header", NS)]
    assert statuses == [None, None, "deleted", "deleted", None]
    assert token(root) is None  # one page: no resumptionToken at all


def test_list_records_carries_metadata_only_for_live_records(client: Client, records) -> None:
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")

    found = root.findall("o:ListRecords/o:record", NS)
    assert len(found) == 5
    with_metadata = [r.find("o:metadata", NS) is not None for r in found]
    assert with_metadata == [True, True, False, False, True]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ({"from": "2025-03-01T09:00:00Z"}, "bcde"),  # from is inclusive to the second
        ({"from": "2025-03-01T09:00:01Z"}, "cde"),
        ({"until": "2025-03-01T09:00:00Z"}, "ab"),  # until is inclusive to the second
        ({"until": "2025-03-01T08:59:59Z"}, "a"),
        ({"from": "2025-03-02", "until": "2025-03-02"}, "cd"),  # whole days
        ({"from": "2025-03-02T08:00:00Z", "until": "2025-03-02T08:00:05Z"}, "cd"),
        ({"from": "2025-03-01", "until": "2025-03-01"}, "ab"),
        ({"from": "2025-03-03T08:00:00Z"}, "e"),
    ],
)
def test_from_and_until_bound_the_datestamps(client: Client, records, window, expected) -> None:
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **window)
    assert identifiers(root) == ids(records, expected)
    request = root.find("o:request", NS)
    assert request is not None
    assert {k: request.get(k) for k in window} == window  # echoed as given


@pytest.mark.parametrize(
    "window",
    [
        {"from": "2025-03-01", "until": "2025-03-02T00:00:00Z"},  # mixed granularity
        {"from": "2025-02-30"},  # no such day
        {"from": "2025-03-01T08:00:00"},  # no Z
        {"until": "2025-03-01T08:00:00+07:00"},
        {"from": "01-03-2025"},
        {"from": "2025-03-01T25:00:00Z"},
        {"from": "2025-03-03", "until": "2025-03-02"},  # from later than until
        {"until": "9999-12-31"},  # beyond the calendar once rounded up
    ],
)
def test_bad_dates_are_bad_arguments(client: Client, records, window) -> None:
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", **window)
    assert error_code(root) == "badArgument"
    request = root.find("o:request", NS)
    assert request is not None
    assert dict(request.attrib) == {}


def test_an_empty_window_answers_no_records_match(client: Client, records) -> None:
    for window in ({"from": "2030-01-01"}, {"until": "2000-01-01T00:00:00Z"}):
        root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", **window)
        assert error_code(root) == "noRecordsMatch"
    assert error_code(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")) is None


def test_sets_select_by_kind_and_by_subject(client: Client, records) -> None:
    economy = Subject.objects.get(name="Ekonomi")
    population = Subject.objects.get(name="Kependudukan")

    def listed(set_spec: str) -> list[str]:
        return identifiers(
            oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=set_spec)
        )

    assert listed("kind:news") == ids(records, "b")
    assert listed(f"subject:{population.pk}") == ids(records, "ae")
    assert listed(f"subject:{economy.pk}") == ids(records, "bce")  # the deleted one too
    root = oai(
        client,
        verb="ListRecords",
        metadataPrefix="oai_dc",
        set="kind:in_figures",
        until="2025-03-01",
    )
    assert identifiers(root) == ids(records, "a")


@pytest.mark.parametrize(
    ("set_spec", "code"),
    [
        ("kind:nope", "noRecordsMatch"),
        ("subject:999999", "noRecordsMatch"),
        ("subject", "noRecordsMatch"),
        ("subject:a b", "badArgument"),
        ("kind:", "badArgument"),
    ],
)
def test_unknown_or_malformed_sets(client: Client, records, set_spec: str, code: str) -> None:
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set=set_spec)
    assert error_code(root) == code


def test_list_requests_need_a_known_metadata_prefix(client: Client, records) -> None:
    assert error_code(oai(client, verb="ListRecords")) == "badArgument"
    root = oai(client, verb="ListIdentifiers", metadataPrefix="mods")
    assert error_code(root) == "cannotDisseminateFormat"
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai dc")
    assert error_code(root) == "badArgument"  # not even a legal prefix


# --- verbs and arguments ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["", "verb=Frobnicate", "verb=identify", "verb=Identify&verb=Identify", "verb="]
)
def test_missing_unknown_or_repeated_verbs_are_bad_verbs(client: Client, query: str) -> None:
    from lxml import etree

    from tests.data.xsd.oai_schemas import oai_pmh_schema

    response = client.get(f"/oai?{query}")
    root = etree.fromstring(response.content)
    oai_pmh_schema().validate(root)
    assert error_code(root) == "badVerb"
    assert dict(root.find("o:request", NS).attrib) == {}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "query",
    [
        "verb=Identify&foo=bar",
        "verb=Identify&metadataPrefix=oai_dc",
        "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2025-01-01&from=2025-02-01",
        "verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc",
        "verb=GetRecord&identifier=&metadataPrefix=oai_dc",
        "verb=ListSets&set=kind:news",
    ],
)
def test_repeated_illegal_or_missing_arguments_are_bad_arguments(
    client: Client, query: str
) -> None:
    from lxml import etree

    from tests.data.xsd.oai_schemas import oai_pmh_schema

    root = etree.fromstring(client.get(f"/oai?{query}").content)
    oai_pmh_schema().validate(root)
    assert error_code(root) == "badArgument"


def test_post_takes_form_encoded_arguments(client: Client, records) -> None:
    root = oai(
        client, method="post", verb="ListIdentifiers", metadataPrefix="oai_dc", set="kind:news"
    )
    assert identifiers(root) == ids(records, "b")
    assert client.put("/oai").status_code == 405


# --- resumption tokens -----------------------------------------------------------------


def test_pages_carry_cursor_and_complete_list_size(client: Client, records, settings) -> None:
    settings.OAI_PAGE_SIZE = 2
    seen: list[str] = []
    cursors: list[tuple[str | None, str | None]] = []
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    for _ in range(MAX_PAGES):
        seen += identifiers(root)
        resumption = token(root)
        assert resumption is not None
        cursors.append((resumption.get("cursor"), resumption.get("completeListSize")))
        if not resumption.text:
            break
        assert resumption.get("expirationDate", "").endswith("Z")
        root = oai(client, verb="ListRecords", resumptionToken=resumption.text)
        assert dict(root.find("o:request", NS).attrib) == {  # type: ignore[union-attr]
            "verb": "ListRecords",
            "resumptionToken": resumption.text,
        }
    assert seen == ids(records, "abcde")
    assert cursors == [("0", "5"), ("2", "5"), ("4", "5")]


def test_the_token_keeps_from_until_and_set(client: Client, records, settings) -> None:
    settings.OAI_PAGE_SIZE = 1
    economy = Subject.objects.get(name="Ekonomi")
    root = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        set=f"subject:{economy.pk}",
        until="2025-03-02",
    )
    assert follow(client, root) == ids(records, "bc")


def test_records_added_while_paging_shift_nothing(client: Client, records, settings) -> None:
    settings.OAI_PAGE_SIZE = 2
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    seen = identifiers(root)
    late = make("Tambahan baru", timezone.now())
    # An edit to a record not yet delivered moves it behind the others: delivered once.
    later = timezone.now() + dt.timedelta(seconds=1)
    Publication.objects.filter(pk=records["c"].pk).update(modified_at=later)
    seen += follow(client, root)[len(seen) :]
    assert seen == [*ids(records, "abde"), identifier(late), identifier(records["c"])]
    assert len(seen) == len(set(seen)) == 6


def follow(client: Client, root, verb: str = "ListIdentifiers") -> list[str]:
    """The identifiers of this page and every page after it (a bounded loop)."""
    seen = identifiers(root)
    for _ in range(MAX_PAGES):
        resumption = token(root)
        if resumption is None or not resumption.text:
            return seen
        root = oai(client, verb=verb, resumptionToken=resumption.text)
        seen += identifiers(root)
    raise AssertionError(f"the list never ended after {MAX_PAGES} pages")


def _first_token(client: Client, verb: str = "ListRecords") -> str:
    root = oai(client, verb=verb, metadataPrefix="oai_dc")
    resumption = token(root)
    assert resumption is not None
    assert resumption.text
    return resumption.text


@pytest.mark.parametrize("change", ["flip", "truncate", "garbage", "empty"])
def test_tampered_tokens_are_refused(client: Client, records, settings, change: str) -> None:
    settings.OAI_PAGE_SIZE = 2
    good = _first_token(client)
    bad = {
        "flip": good[:10] + ("A" if good[10] != "A" else "B") + good[11:],
        "truncate": good[:-3],
        "garbage": "not-a-token",
        "empty": "",
    }[change]
    root = oai(client, verb="ListRecords", resumptionToken=bad)
    assert error_code(root) == "badResumptionToken"


def test_tokens_expire_and_belong_to_their_verb(client: Client, records, settings) -> None:
    settings.OAI_PAGE_SIZE = 2
    from_records = _first_token(client, "ListRecords")
    root = oai(client, verb="ListIdentifiers", resumptionToken=from_records)
    assert error_code(root) == "badResumptionToken"
    settings.SECRET_KEY = "another-secret-" + "x" * 40  # a token signed elsewhere
    assert error_code(oai(client, verb="ListRecords", resumptionToken=from_records)) == (
        "badResumptionToken"
    )
    settings.SECRET_KEY = "still-another-" + "y" * 40
    fresh = _first_token(client, "ListRecords")
    settings.OAI_TOKEN_MAX_AGE = -1  # every token is now older than allowed
    root = oai(client, verb="ListRecords", resumptionToken=fresh)
    assert error_code(root) == "badResumptionToken"
    assert "kedaluwarsa" in (root.findtext("o:error", namespaces=NS) or "")


def test_a_page_costs_the_same_queries_however_many_records(client: Client, records) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            oai(client, verb="ListRecords", metadataPrefix="oai_dc")
        return len(captured)

    before = queries()
    for n in range(5):
        make(f"Tambahan {n}", T0 + 3 * DAY, subjects=["Ekonomi"], kind="news")
    assert queries() == before


def test_a_list_emptied_by_changes_after_a_token_ends_with_no_records_match(
    client: Client, records, settings
) -> None:
    settings.OAI_PAGE_SIZE = 3
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2025-03-02")
    assert identifiers(root) == ids(records, "abc")
    resumption = token(root)
    assert resumption is not None
    assert resumption.text
    # The only record left in the window (d) changes now: it leaves [from, until].
    Publication.objects.filter(pk=records["d"].pk).update(modified_at=timezone.now())
    root = oai(client, verb="ListIdentifiers", resumptionToken=resumption.text)
    assert error_code(root) == "noRecordsMatch"
