"""Recognise the page's text with Tesseract: one process, three outputs.

The text-only PDF is the invisible text layer for the page PDF; the hOCR (word boxes)
and plain text are what the search index uses (FACTS.md: index Tesseract's own text,
not text re-extracted from the PDF).
"""

from __future__ import annotations

from pathlib import Path

from workers.pipeline.context import PageContext
from workers.pipeline.image import page_dpi
from workers.pipeline.tools import tesseract

OCR_TIMEOUT = 300.0  # a dense 600 dpi page takes ≈ 10 s of CPU; hung means broken


def ocr(input: Path, ctx: PageContext) -> Path:
    """OCR ``input``; return the text-only PDF and record where hOCR and text went.

    facts: ``text_path``, ``hocr_path`` (str) and ``ocr_chars`` (non-space characters).
    """
    outputs = tesseract.recognise(
        input,
        ctx.path("ocr"),
        languages=ctx.options.languages,
        dpi=page_dpi(ctx),
        timeout=OCR_TIMEOUT,
    )
    text = outputs.txt.read_text(encoding="utf-8", errors="replace")
    ctx.facts.update(
        text_path=str(outputs.txt),
        hocr_path=str(outputs.hocr),
        ocr_chars=sum(1 for char in text if not char.isspace()),
    )
    return outputs.text_pdf
