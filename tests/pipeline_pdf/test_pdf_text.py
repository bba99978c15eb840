"""Born-digital pages keep their own text: exactly what the PDF carries, no OCR."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pdf_builders import Built, build_single_text_page

from workers.pipeline.context import PageContext
from workers.pipeline.pdf_text import extract_page_text


def test_text_is_what_fpdf2_wrote(born_digital: Built, tmp_path: Path) -> None:
    before = hashlib.sha256(born_digital.path.read_bytes()).hexdigest()
    for number, expected in enumerate(born_digital.texts, start=1):
        ctx = PageContext(workdir=tmp_path / f"p{number}", page_number=number)
        out = extract_page_text(born_digital.path, number, ctx)
        assert out == ctx.workdir / "page.txt"
        assert out.read_text(encoding="utf-8") == expected
        assert ctx.facts["text_source"] == "pdf"
        assert ctx.facts["text_chars"] == sum(not c.isspace() for c in expected)
    assert hashlib.sha256(born_digital.path.read_bytes()).hexdigest() == before


def test_pages_of_a_mixed_pdf_are_addressed_by_number(
    mixed: Path, born_digital: Built, ctx: PageContext
) -> None:
    out = extract_page_text(mixed, 3, ctx)
    assert out.read_text(encoding="utf-8") == born_digital.texts[1]


def test_line_ending_hyphen_and_non_ascii_survive(tmp_path: Path, ctx: PageContext) -> None:
    lines = ["Pertumbuhan ekonomi ber-", "tumbuh 5,1 persen — naik ½ poin (€ 2,3 juta) ✓"]
    built = build_single_text_page(tmp_path / "hyphen.pdf", lines)
    text = extract_page_text(built.path, 1, ctx).read_text(encoding="utf-8")
    assert text == built.texts[0]


def test_a_page_that_does_not_exist_is_an_error(born_digital: Built, ctx: PageContext) -> None:
    with pytest.raises(ValueError, match="no page 3"):
        extract_page_text(born_digital.path, 3, ctx)
    assert not (ctx.workdir / "page.txt").exists()
