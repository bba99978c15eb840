"""Words and ruling lines of a born-digital PDF page, read by pdfplumber (the one
module that imports it): the PDF's own text, never OCR."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from workers.pipeline.errors import BadInputError
from workers.pipeline.tables.model import PageWords, Ruling, Word

THIN = 2.0  # points: a filled rectangle thinner than this is a ruling line


def words_from_pdf(pdf: Path, page_number: int) -> PageWords:
    """Words (points, origin top left) and rulings of page ``page_number`` (1-based)."""
    try:
        with pdfplumber.open(pdf) as document:
            page = document.pages[page_number - 1]
            words = [
                Word(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
                for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
            ]
            rulings = [
                Ruling(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]))
                for e in page.lines
            ]
            for r in page.rects:
                if min(float(r["width"]), float(r["height"])) <= THIN:
                    rulings.append(
                        Ruling(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]))
                    )
            return PageWords(
                width=float(page.width),
                height=float(page.height),
                words=words,
                rulings=rulings,
                source="pdf",
            )
    except (IndexError, ValueError, KeyError) as exc:
        raise BadInputError(f"page {page_number} of the PDF cannot be read: {exc}") from exc
