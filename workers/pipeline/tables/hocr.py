"""Words and their boxes from Tesseract's hOCR, as stored for every OCR'd page."""

from __future__ import annotations

import re

from workers.pipeline.tables.model import PageWords, Word

_PAGE_BOX = re.compile(r"class=['\"]ocr_page['\"][^>]*?bbox (\d+) (\d+) (\d+) (\d+)")
_WORD = re.compile(
    r"<span class=['\"]ocrx_word['\"][^>]*?title=['\"]bbox (\d+) (\d+) (\d+) (\d+)[^'\"]*['\"]"
    r"[^>]*>(.*?)</span>",
    re.S,
)
_TAG = re.compile(r"<[^>]+>")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&apos;": "'"}
# A vertical table border read as a character; it is no word of the table.
_BORDER = re.compile(r"^[|\[\]!]+$")


def _unescape(text: str) -> str:
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text


def words_from_hocr(hocr: str) -> PageWords:
    """The page size (pixels) and every non-empty word of an hOCR page.

    Table borders that Tesseract read as "|" are dropped, and stripped from the ends
    of a word they touched ("|94.821" → "94.821").
    """
    page = _PAGE_BOX.search(hocr)
    width, height = (float(page.group(3)), float(page.group(4))) if page else (0.0, 0.0)
    words = []
    for match in _WORD.finditer(hocr):
        text = _unescape(_TAG.sub("", match.group(5))).strip()
        if not text or _BORDER.match(text):
            continue
        text = text.strip("|")
        if not text:
            continue
        x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
        words.append(Word(text, x0, y0, x1, y1))
    if not page and words:
        width, height = max(w.x1 for w in words), max(w.y1 for w in words)
    return PageWords(width=width, height=height, words=words, source="hocr")
