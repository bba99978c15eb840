"""A softcopy page drawn as a JPEG at a chosen width (the intake screen's page images)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from catalogue.models import Softcopy
from catalogue.storage import fetch, local_path

MAX_WIDTH = 1400


def softcopy_page_jpeg(*, softcopy: Softcopy, number: int, width: int = 800) -> bytes | None:
    """Page ``number`` (1-based) rendered ``width`` pixels wide; None when there is no such
    page or the file cannot be drawn."""
    width = max(100, min(width, MAX_WIDTH))
    with tempfile.TemporaryDirectory(prefix="pustaka-page-") as folder:
        pdf = local_path(softcopy.file.name) or fetch(softcopy.file.name, Path(folder) / "s.pdf")
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError:
            return None
        try:
            if not 1 <= number <= len(document):
                return None
            page = document[number - 1]
            try:
                page_width, _ = page.get_size()
                image = page.render(scale=width / page_width).to_pil().convert("RGB")
            finally:
                page.close()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()
