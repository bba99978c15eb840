"""Index settings as code, the synonym and stop-word files, and escaped filters."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from search_index.client import SearchConfig, make_client
from search_index.filters import all_of, equals, one_of, quote
from search_index.indexes import ensure_index, forget_configured, upsert
from search_index.schema import PAGES, index_settings, read_stop_words, read_synonyms


def test_synonym_groups_map_every_term_to_the_others(tmp_path: Path) -> None:
    synonyms = read_synonyms()
    assert "produk domestik regional bruto" in synonyms["pdrb"]
    assert "pdrb" in synonyms["produk domestik regional bruto"]
    assert {"indeks harga konsumen", "inflasi"} <= set(synonyms["ihk"])
    assert "ihk" in synonyms["inflasi"]
    assert "berita resmi statistik" in synonyms["brs"]
    assert "survei sosial ekonomi nasional" in synonyms["susenas"]
    edited = tmp_path / "synonyms.txt"
    edited.write_text("# comment\nA = B = C\n\nD=E\n", encoding="utf-8")
    assert read_synonyms(edited) == {
        "a": ["b", "c"],
        "b": ["a", "c"],
        "c": ["a", "b"],
        "d": ["e"],
        "e": ["d"],
    }


def test_stop_words_keep_dalam_for_dalam_angka() -> None:
    words = read_stop_words()
    assert {"yang", "dan", "di"} <= set(words)
    assert "dalam" not in words


def test_filter_values_are_quoted_and_escaped() -> None:
    assert quote('2019" OR access_level = "staff') == '"2019\\" OR access_level = \\"staff"'
    assert quote("a\\") == '"a\\\\"'
    assert equals("year", 2019) == 'year = "2019"'
    assert one_of("kind", ["news", 'x"y']) == 'kind IN ["news", "x\\"y"]'
    assert all_of(["a = 1", "", "b = 2"]) == "(a = 1) AND (b = 2)"
    assert all_of([]) is None
    with pytest.raises(ValueError, match="not an attribute"):
        equals("year OR 1", 2019)


@pytest.mark.integration
def test_settings_are_applied_in_one_call_and_injection_matches_nothing(
    meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]],
) -> None:
    url, key, _ = meilisearch_instance
    config = SearchConfig(url=url, api_key=key, index_prefix="skema")
    client = make_client(config)
    forget_configured()
    uid = ensure_index(client, config, PAGES)
    applied = client.index(uid).get_settings()
    wanted = index_settings(PAGES)
    assert applied["synonyms"]["ipm"] == ["indeks pembangunan manusia"]
    assert set(applied["filterableAttributes"]) == set(wanted["filterableAttributes"])
    assert applied["stopWords"] == wanted["stopWords"]
    upsert(
        client,
        uid,
        [
            {"id": "a", "text": "rahasia", "year": 2019, "access_level": "staff"},
            {"id": "b", "text": "umum", "year": 2019, "access_level": "public"},
        ],
    )
    hostile = one_of("year", ["2019 OR access_level = staff"])
    assert client.index(uid).search("", {"filter": hostile})["hits"] == []
    assert len(client.index(uid).search("", {"filter": one_of("year", [2019])})["hits"]) == 2
