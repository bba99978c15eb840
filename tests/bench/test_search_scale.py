"""The search-at-scale bench measures the real thing: reproducible pages shaped like OCR
text, and documents identical to the ones the indexer builds from the database."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bench.search_scale import publications, save_publication
from bench.search_scale_render import BEGIN, END, render, write_docs
from bench.search_scale_text import WORDS_MAX, WORDS_MIN, misread, publication_pages
from search_index.schema import PAGE_SETTINGS

NUMBER = re.compile(r"\d")


def test_pages_are_a_pure_function_of_seed_and_publication() -> None:
    first = list(publication_pages(1377, 42, 2011, 6))
    assert first == list(publication_pages(1377, 42, 2011, 6))
    # one publication alone gives the same pages as within a run: page 3 of 6 = of 3
    assert first[:3] == list(publication_pages(1377, 42, 2011, 3))
    assert first != list(publication_pages(1378, 42, 2011, 6))
    assert first != list(publication_pages(1377, 43, 2011, 6))


def test_pages_look_like_ocr_of_statistical_publications() -> None:
    texts = [t for p in range(40) for t in publication_pages(7, p, 2019, 5)]
    words = [len(t.split()) for t in texts]
    assert min(words) >= WORDS_MIN
    assert max(words) <= WORDS_MAX
    assert max(words) - min(words) > 150  # spread over the range, not one length
    assert len(set(texts)) == len(texts)
    # table-like lines: a name followed by several numbers, on most table pages
    table_lines = [line for t in texts for line in t.splitlines() if len(NUMBER.findall(line)) >= 6]
    assert len(table_lines) > len(texts)
    assert any(t.startswith("Tabel ") or "\nTabel " in t for t in texts)
    assert sum("penduduk" in t.lower() for t in texts) > 5  # the BPS vocabulary
    assert misread("Pariaman", random.Random(1)) != "Pariaman"


def test_publications_add_up_to_the_pages_asked() -> None:
    specs = list(publications(5000, 1377))
    assert sum(s["pages"] for s in specs) == 5000
    assert specs == list(publications(5000, 1377))
    assert {s["access"] for s in specs} == {"public", "patrons", "staff"}


@pytest.mark.django_db
def test_bench_documents_equal_the_indexers_own() -> None:
    """What the bench sends equals what a reindex reads back from the database."""
    from catalogue.models import Page, Subject
    from search.documents import meta_of, page_document, page_documents

    subjects = [Subject.objects.create(name=n) for n in ("Pertanian", "Harga", "Sosial")]
    spec = next(publications(100, 3))
    publication, softcopy = save_publication(spec, subjects)
    meta = meta_of(publication)
    texts = list(publication_pages(3, spec["number"], spec["year"], 4))
    sent = [page_document(softcopy, meta, number=n, text=t) for n, t in enumerate(texts, 1)]
    Page.objects.bulk_create(
        [Page(softcopy=softcopy, number=n, text=t, ocr=True) for n, t in enumerate(texts, 1)]
    )
    assert sent == list(page_documents(softcopy, meta))
    fields = set(sent[0])
    assert set(PAGE_SETTINGS["filterableAttributes"]) <= fields
    assert {"text", "softcopy_id", "access_level", "visible", "year", "subjects"} <= fields


def test_docs_section_is_replaced_in_place(tmp_path: Path) -> None:
    point = {
        "pages": 1000,
        "segment_wall": 2.0,
        "segment_cpu": 1.5,
        "disk_bytes": 2e7,
        "used_database_size": 1e7,
        "database_size": 2e7,
        "memory_after_indexing": {"VmHWM": 4e8, "RssAnon": 2e8},
        "query_rss_max": 4e8,
        "queries": {
            k: {"p50": 1.0, "p95": 2.0, "p99": 3.0, "n": 9} for k in ("api", "raw", "single")
        }
        | {"failures": []},
        "by_label": {"1 word": None},
        "load": [1.0, 1.0, 1.0],
    }
    facts = {"pages_asked": 2000, "seed": 1, "threads": 1, "repeat": 1, "date": "d"}
    docs = tmp_path / "benchmarks.md"
    docs.write_text(f"# B\n\nTOP-LINE\n\n{BEGIN}\nOLD SECTION\n{END}\n\nBOTTOM-LINE\n")
    write_docs(render({**facts, "points": [point], "stopped": None}), docs)
    text = docs.read_text()
    assert "OLD SECTION" not in text
    assert text.index("TOP-LINE") < text.index(BEGIN) < text.index(END) < text.index("BOTTOM-LINE")
    assert "| 1,000 |" in text
    assert "stopped before 2,000 pages" in text
