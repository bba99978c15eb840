"""The synonyms a query brings in, read from synonyms.txt by the schema's parser."""

from __future__ import annotations

from search_index.synonyms import synonym_terms


def test_abbreviation_brings_in_its_long_form() -> None:
    assert synonym_terms("PDRB 2020") == ["produk domestik regional bruto"]


def test_long_form_brings_in_the_abbreviation_and_group_members() -> None:
    assert synonym_terms("indeks harga konsumen") == ["inflasi", "ihk"]
    assert set(synonym_terms("Inflasi")) == {"indeks harga konsumen", "ihk"}


def test_only_whole_words_and_phrases_count() -> None:
    assert synonym_terms("PDRBX") == []
    assert synonym_terms("produk domestik") == []  # half a phrase is no synonym
    assert synonym_terms("") == []


def test_terms_already_typed_are_not_repeated() -> None:
    assert "ipm" not in synonym_terms("IPM Indeks Pembangunan Manusia")


def test_a_given_mapping_is_used() -> None:
    assert synonym_terms("abc", {"abc": ["x y"], "x y": ["abc"]}) == ["x y"]
