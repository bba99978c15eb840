"""Recognise the page's text with Tesseract: one process, three outputs.

The text-only PDF is the invisible text layer for the page PDF; the hOCR (word boxes)
and plain text are what the search index uses (FACTS.md: index Tesseract's own text,
not text re-extracted from the PDF).
"""

from __future__ import annotations

import re
from pathlib import Path

from workers.pipeline.context import PageContext
from workers.pipeline.image import page_dpi
from workers.pipeline.tools import tesseract

OCR_TIMEOUT = 300.0  # a dense 600 dpi page takes ≈ 10 s of CPU; hung means broken


_WORD_CONFIDENCE = re.compile(r"class=['\"]ocrx_word['\"][^>]*?x_wconf (\d+)")


def word_confidences(hocr: str) -> list[int]:
    """Tesseract's confidence (0–100) of every recognised word in an hOCR page."""
    return [int(value) for value in _WORD_CONFIDENCE.findall(hocr)]


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
    confidences = word_confidences(outputs.hocr.read_text(encoding="utf-8", errors="replace"))
    ctx.facts.update(
        text_path=str(outputs.txt),
        hocr_path=str(outputs.hocr),
        ocr_chars=sum(1 for char in text if not char.isspace()),
        ocr_words=len(confidences),
        ocr_confidence=round(sum(confidences) / len(confidences), 1) if confidences else None,
    )
    return outputs.text_pdf
