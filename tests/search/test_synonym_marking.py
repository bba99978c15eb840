"""Marking synonym matches in snippets cut in Python (fast unit tests, no index)."""

from __future__ import annotations

from portal.search.marking import mark_matches, mark_synonyms, match_pattern
from portal.search.snippets import cropped

PDRB = ["produk domestik regional bruto"]


def test_phrase_is_marked_case_insensitively_across_line_breaks() -> None:
    text = "Nilai PRODUK Domestik\nRegional Bruto naik."
    assert mark_synonyms(text, PDRB) == "Nilai <mark>PRODUK Domestik\nRegional Bruto</mark> naik."


def test_only_whole_words_are_marked() -> None:
    assert mark_synonyms("inflasinya tinggi", ["inflasi"]) == "inflasinya tinggi"
    assert mark_synonyms("ada inflasi.", ["inflasi"]) == "ada <mark>inflasi</mark>."


def test_everything_else_stays_escaped() -> None:
    text = "<b>Produk Domestik Regional Bruto</b> & <script>x</script>"
    assert mark_synonyms(text, PDRB) == (
        "&lt;b&gt;<mark>Produk Domestik Regional Bruto</mark>&lt;/b&gt; &amp; "
        "&lt;script&gt;x&lt;/script&gt;"
    )
    assert mark_synonyms("<mark>", PDRB) == "&lt;mark&gt;"


def test_typed_words_and_synonyms_are_both_marked() -> None:
    pattern = match_pattern("PDRB", PDRB)
    marked = mark_matches("PDRB atau Produk Domestik Regional Bruto", pattern)
    assert marked == "<mark>PDRB</mark> atau <mark>Produk Domestik Regional Bruto</mark>"


def test_cropped_snippet_is_cut_around_the_synonym() -> None:
    text = " ".join(f"kata{n}" for n in range(60)) + " Produk Domestik Regional Bruto <b>2020</b>"
    snippet = cropped(text, "PDRB", synonyms=PDRB)
    assert snippet.startswith("…kata52 ")
    assert "<mark>Produk Domestik Regional Bruto</mark> &lt;b&gt;2020&lt;/b&gt;" in snippet


def test_without_synonyms_cropping_is_unchanged() -> None:
    snippet = cropped("awal tengah padi sawah akhir", "padi")
    assert snippet == "awal tengah <mark>padi</mark> sawah akhir"
