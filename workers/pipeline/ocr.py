"""Recognise the page's text with Tesseract: one process, three outputs.

The text-only PDF is the invisible text layer for the page PDF; the hOCR (word boxes)
and plain text are what the search index uses (FACTS.md: index Tesseract's own text,
not text re-extracted from the PDF).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.image import page_dpi
from workers.pipeline.tools import tesseract

OCR_TIMEOUT = 300.0  # a dense 600 dpi page takes ≈ 10 s of CPU; hung means broken

# A colour page mostly covered by tinted or dark areas is a graphic (a map, a chart, an
# infographic) whose labels stand alone on coloured ground. Tesseract's automatic layout
# (page segmentation 3) looks for blocks and columns there and loses labels: on the
# real-world corpus's map it read "Marunggi" as "arung!", on the bar chart 68 % of the
# words; read as sparse text (11) the map lost no true word and the chart read 84 %.
# Measured share of tinted 5 mm blocks (after white balance): map 0.87, chart 0.29,
# phone photo 0.29 (the desk; it reads the same either way), a chapter opening with a
# dark band and a tinted box 0.20, text pages on white paper ≤ 0.01.
GRAPHIC_SHARE = 0.25
TINT_BLOCK_INCHES = 0.2
TINT_CHROMA = 24  # a block's colour spread beyond paper tint (as tidy's MAX_PAPER_CHROMA)
TINT_LEVEL = 160  # a block darker than this is a tint or a band, not paper (as tidy's)


def tinted_share(image: Image.Image, dpi: int) -> float:
    """Share of ≈ 5 mm blocks of a colour page that are tinted or dark, not paper."""
    block = max(1, round(TINT_BLOCK_INCHES * dpi))
    means = np.asarray(image.convert("RGB").reduce(block), dtype=np.float32)
    paper = np.percentile(means.reshape(-1, 3), 95, axis=0)  # white balance
    balanced = means * (255.0 / np.maximum(paper, 1.0))
    chroma = balanced.max(axis=2) - balanced.min(axis=2)
    return float(((chroma > TINT_CHROMA) | (balanced.mean(axis=2) < TINT_LEVEL)).mean())


def page_segmentation(input: Path, ctx: PageContext) -> int:
    """Sparse text for colour graphics, Tesseract's automatic layout for everything else.

    Only colour pages are measured (a grey page reads with the automatic layout, at no
    cost); facts: ``tinted_share`` and ``page_segmentation``.
    """
    psm = tesseract.PSM_AUTO
    with Image.open(input) as image:
        if image.mode == "RGB":
            share = tinted_share(image, page_dpi(ctx))
            ctx.facts["tinted_share"] = round(share, 3)
            psm = tesseract.PSM_SPARSE if share >= GRAPHIC_SHARE else psm
    ctx.facts["page_segmentation"] = psm
    return psm


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
        psm=page_segmentation(input, ctx),
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
