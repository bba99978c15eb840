"""The search API against a real Meilisearch: pages, typos, synonyms, filters, access."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.search.builders import flush, pages_with, publication, softcopy

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def ask(client: Client, user: User | None = None, **params: Any) -> dict[str, Any]:
    if user is not None:
        client.force_login(user)
    response = client.get("/api/v1/search", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def catalogue(search, readers) -> dict[str, Any]:
    rice_2019 = publication(
        "Kecamatan Pariaman Tengah Dalam Angka 2019",
        year=2019,
        kind="in_figures",
        subjects=["Pertanian"],
    )
    rice_2021 = publication("Statistik Pertanian 2021", year=2021, kind="regional")
    hdi = publication("Indeks Pembangunan Manusia 2020", year=2020, kind="indicators")
    metadata_only = publication("Direktori Industri 2018", year=2018, kind="directory")
    secret = publication("Laporan Internal 2022", year=2022)
    hidden = publication("Publikasi Tersembunyi", year=2019, visibility="hidden")
    found = {
        "rice_2019": softcopy(rice_2019, pages_with("gabahkering")),
        "rice_2021": softcopy(rice_2021, pages_with("gabahkering")),
        "hdi": softcopy(hdi, ["Pendahuluan.", "Nilai IPM Kota Pariaman tahun 2020 meningkat."]),
        "secret": softcopy(secret, ["Catatan rahasia zamrudhijau staf."], access="staff"),
        "patrons": softcopy(secret, ["Catatan anggota zamrudhijau."], access="patrons"),
        "hidden": softcopy(hidden, ["Isi tersembunyi zamrudhijau."]),
    }
    flush()
    return {
        "publications": {
            "rice_2019": rice_2019,
            "rice_2021": rice_2021,
            "hdi": hdi,
            "metadata_only": metadata_only,
            "hidden": hidden,
        },
        "softcopies": found,
        "readers": readers,
    }


def test_word_on_page_seven_is_found_on_page_seven_highlighted(client, catalogue) -> None:
    answer = ask(client, catalogue["readers"]["patron"], q="gabahkering", year="2019")
    assert answer["fallback"] is False
    assert answer["total"] == 1
    (hit,) = answer["publications"]
    assert hit["id"] == catalogue["publications"]["rice_2019"].pk
    assert [p["page"] for p in hit["pages"]] == [7]
    page = hit["pages"][0]
    assert "<mark>gabahkering</mark>" in page["snippet_html"]
    assert page["softcopy_id"] == catalogue["softcopies"]["rice_2019"].pk
    assert page["viewer_url"].endswith(f"/{page['softcopy_id']}/?halaman=7&q=gabahkering")
    assert hit["url"] == f"/publikasi/{hit['id']}/"
    assert hit["kind_label"] == "Dalam Angka"
    assert hit["subjects"] == ["Pertanian"]
    assert hit["area_code"] == "1377"
    assert set(answer) >= {"query", "page", "per_page", "pages_total", "processing_ms", "facets"}


def test_one_letter_typo_still_finds_the_page(client, catalogue) -> None:
    answer = ask(client, catalogue["readers"]["patron"], q="gabahkerimg")
    pages = {(p["id"], pg["page"]) for p in answer["publications"] for pg in p["pages"]}
    assert (catalogue["publications"]["rice_2019"].pk, 7) in pages


def test_synonym_finds_the_page(client, catalogue) -> None:
    answer = ask(client, catalogue["readers"]["patron"], q="IPM")
    ids = [p["id"] for p in answer["publications"]]
    assert catalogue["publications"]["hdi"].pk in ids  # title says it in full, page says IPM
    reverse = ask(client, catalogue["readers"]["patron"], q="Indeks Pembangunan Manusia")
    hdi = next(p for p in reverse["publications"] if p["id"] == catalogue["publications"]["hdi"].pk)
    assert [pg["page"] for pg in hdi["pages"]] == [2]  # page 2 only says "IPM"


def test_year_filter_narrows_and_facets_count_publications(client, catalogue) -> None:
    both = ask(client, catalogue["readers"]["patron"], q="gabahkering")
    assert both["total"] == 2
    assert both["facets"]["year"] == {"2019": 1, "2021": 1}
    narrowed = ask(client, catalogue["readers"]["patron"], q="gabahkering", year="2021")
    assert [p["id"] for p in narrowed["publications"]] == [
        catalogue["publications"]["rice_2021"].pk
    ]


def test_access_levels_decide_whose_text_is_returned(client, catalogue, settings) -> None:
    settings.SEARCH_FULLTEXT_REQUIRES_LOGIN = False  # so anonymous readers get pages too
    texts = catalogue["softcopies"]

    def softcopies_seen(user: User | None) -> set[int]:
        answer = ask(Client(), user, q="zamrudhijau")
        return {pg["softcopy_id"] for p in answer["publications"] for pg in p["pages"]}

    readers = catalogue["readers"]
    assert softcopies_seen(None) == set()
    assert softcopies_seen(readers["patron"]) == {texts["patrons"].pk}
    assert softcopies_seen(readers["staff"]) == {
        texts["patrons"].pk,
        texts["secret"].pk,
        texts["hidden"].pk,
    }


def test_hidden_publications_only_for_staff(client, catalogue) -> None:
    hidden = catalogue["publications"]["hidden"].pk
    patron = ask(Client(), catalogue["readers"]["patron"], q="Tersembunyi")
    staff = ask(Client(), catalogue["readers"]["staff"], q="Tersembunyi")
    assert hidden not in [p["id"] for p in patron["publications"]]
    assert hidden in [p["id"] for p in staff["publications"]]


def test_anonymous_readers_search_metadata_with_a_sign_in_notice(client, catalogue) -> None:
    answer = ask(client, q="Direktori Industri")
    assert answer["notice"]["id"]
    assert answer["notice"]["en"]
    assert [p["id"] for p in answer["publications"]] == [
        catalogue["publications"]["metadata_only"].pk
    ]
    assert (
        answer["publications"][0]["title_html"]
        == "<mark>Direktori</mark> <mark>Industri</mark> 2018"
    )
    text_only = ask(client, q="gabahkering")
    assert text_only["total"] == 0
    assert all(p["pages"] == [] for p in text_only["publications"])


def test_metadata_only_publication_found_by_signed_in_readers_too(client, catalogue) -> None:
    answer = ask(client, catalogue["readers"]["patron"], q="Direktori")
    (hit,) = answer["publications"]
    assert hit["id"] == catalogue["publications"]["metadata_only"].pk
    assert hit["pages"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"subject": 'Pertanian" OR access_level = "staff'},
        {"area": '1377") OR (access_level = "staff'},
        {"subject": "Pertanian\\", "area": '" OR visible = false OR area_code = "'},
    ],
)
def test_filter_injection_finds_nothing_extra(client, catalogue, params) -> None:
    answer = ask(client, catalogue["readers"]["patron"], q="zamrudhijau", **params)
    assert answer["total"] == 0
    assert answer["publications"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"year": "2019 OR access_level = staff"},
        {"kind": "in_figures OR 1=1"},
        {"page": "0"},
        {"per_page": "51"},
        {"page": "satu"},
    ],
)
def test_bad_parameters_are_refused_with_a_bilingual_error(client, catalogue, params) -> None:
    response = client.get("/api/v1/search", {"q": "padi", **params})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bad_parameter"
    assert body["id"]
    assert body["en"]
    assert body["detail"]


def test_suggestions_when_nothing_matches(client, catalogue) -> None:
    answer = ask(client, catalogue["readers"]["patron"], q="gabahkering qwxzvbnm")
    assert answer["total"] >= 1  # matching strategy drops the unknown last word
    nothing = ask(client, catalogue["readers"]["patron"], q="qwxzvbnm gabahkering")
    if nothing["total"] == 0:
        assert "gabahkering" in nothing["suggestions"]


def test_html_in_page_text_is_escaped(client, search, readers) -> None:
    owner = publication("Uji Skrip", year=2020)
    softcopy(owner, ['<script>alert("x")</script> kalimantanbarat'])
    flush()
    (hit,) = ask(client, readers["patron"], q="kalimantanbarat")["publications"]
    snippet = hit["pages"][0]["snippet_html"]
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>kalimantanbarat</mark>" in snippet


def test_synonym_match_is_marked_in_the_snippet_and_passed_to_the_viewer(
    client, search, readers
) -> None:
    # Meilisearch marks synonyms in the one page it crops; the other pages of a
    # publication are cut in Python, which must mark them as well.
    owner = publication("Laporan Ekonomi Kota Pariaman 2023", year=2023)
    found = softcopy(
        owner,
        [
            "Pendahuluan laporan.",
            "Nilai Produk Domestik Regional Bruto atas dasar harga <b>berlaku</b> naik.",
            "Pertumbuhan Produk Domestik Regional Bruto menurut lapangan usaha <i>utama</i>.",
        ],
    )
    flush()
    answer = ask(client, readers["patron"], q="PDRB")
    (hit,) = [p for p in answer["publications"] if p["id"] == owner.pk]
    pages = {pg["page"]: pg for pg in hit["pages"] if pg["softcopy_id"] == found.pk}
    assert set(pages) == {2, 3}
    for page in pages.values():
        assert "<mark>Produk Domestik Regional Bruto</mark>" in page["snippet_html"]
    assert "&lt;b&gt;berlaku&lt;/b&gt;" in pages[2]["snippet_html"]
    assert "&lt;i&gt;utama&lt;/i&gt;" in pages[3]["snippet_html"]
    viewer = client.get(pages[3]["viewer_url"])
    assert viewer.status_code == 200
    assert 'data-query="PDRB"' in viewer.content.decode()
    assert 'data-synonyms="produk domestik regional bruto"' in viewer.content.decode()
