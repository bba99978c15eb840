"""Text of a born-digital page, taken from the PDF's own text layer (no OCR).

The text is what the PDF carries, read by pdfium; the only edits are pdfium's own
markers turned back into what the page shows (line breaks, line-ending hyphens).
"""

from __future__ import annotations

from pathlib import Path

from workers.pipeline.context import PageContext
from workers.pipeline.pdf_inspect import load_page, open_pdfium, page_text, text_stats

TEXT_FILE = "page.txt"


def extract_page_text(pdf: Path, page_number: int, ctx: PageContext) -> Path:
    """Write page ``page_number`` (1-based) of ``pdf`` as UTF-8 text to ``page.txt``.

    facts: ``text_chars`` (non-whitespace characters, as triage counts them) and
    ``text_source: "pdf"``.
    """
    doc = open_pdfium(pdf)
    try:
        page = load_page(doc, page_number, pdf)
        try:
            text = page_text(page)
        finally:
            page.close()
    finally:
        doc.close()
    out = ctx.path(TEXT_FILE)
    out.write_text(text, encoding="utf-8")
    ctx.facts["text_chars"] = text_stats(text)[0]
    ctx.facts["text_source"] = "pdf"
    return out
