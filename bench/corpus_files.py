"""Writers for generated pages: image files, scanned PDFs and born-digital (text) PDFs."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import img2pdf
import pikepdf
from fpdf import FPDF

from bench.corpus_layout import FONT_DIR, SANS
from bench.corpus_types import GeneratedPage

FIXED_DATE = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)  # reproducible PDF metadata


def write_png(page: GeneratedPage, path: Path | str) -> Path:
    """Lossless PNG carrying the page's dpi (pHYs)."""
    path = Path(path)
    page.image.save(path, format="PNG", dpi=(page.dpi, page.dpi))
    return path


def write_tiff(page: GeneratedPage, path: Path | str, compression: str = "tiff_lzw") -> Path:
    """TIFF (LZW by default, as scanners write it) carrying the page's dpi."""
    path = Path(path)
    page.image.save(path, format="TIFF", dpi=(page.dpi, page.dpi), compression=compression)
    return path


def write_jpeg(page: GeneratedPage, path: Path | str, quality: int = 90) -> Path:
    """JPEG at ``quality`` carrying the page's dpi (JFIF density)."""
    path = Path(path)
    page.image.save(path, format="JPEG", quality=quality, dpi=(page.dpi, page.dpi))
    return path


def png_bytes(page: GeneratedPage) -> bytes:
    """The page as PNG bytes with its dpi."""
    buffer = io.BytesIO()
    page.image.save(buffer, format="PNG", dpi=(page.dpi, page.dpi))
    return buffer.getvalue()


def images_to_scanned_pdf(pages: Sequence[GeneratedPage], path: Path | str) -> Path:
    """An image-only PDF, one page per image at its dpi, embedded losslessly (img2pdf)."""
    path = Path(path)
    data = img2pdf.convert([png_bytes(p) for p in pages])
    assert data is not None
    path.write_bytes(data)
    return path


def born_digital_pdf(
    pages_text: Sequence[str], path: Path | str, *, title: str = "Kota Pariaman Dalam Angka"
) -> Path:
    """A text PDF (fpdf2, DejaVuSans embedded), one A4 page per string.

    Each string's lines are set left-aligned and wrapped only where a line is wider than
    the page; the type size shrinks (10 pt down to 5 pt) until the text fits one page, so
    the extractable text of page i is ``pages_text[i]`` (up to line breaks).
    """
    path = Path(path)
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_creator("Pustaka bench corpus")
    pdf.set_lang("id")
    pdf.add_font("DejaVu", fname=FONT_DIR + SANS)
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    for text in pages_text:
        pdf.add_page()
        size = fitting_size(pdf, text)
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(0, size * 0.45, text, align="L")
    pdf.output(str(path))
    return path


def fitting_size(pdf: FPDF, text: str) -> float:
    """The largest type size (points) at which ``text`` fits the page's text area."""
    usable = pdf.h - pdf.t_margin - 20
    size = 10.0
    while size >= 5.0:
        pdf.set_font("DejaVu", size=size)
        lines = pdf.multi_cell(0, size * 0.45, text, dry_run=True, output="LINES")
        assert isinstance(lines, list)
        if len(lines) * size * 0.45 <= usable:
            return size
        size -= 0.5
    raise ValueError("text too long for one PDF page")


def assemble_pdf(parts: Sequence[Path], path: Path | str) -> Path:
    """Concatenate the pages of several PDFs, in order, into one file (pikepdf)."""
    path = Path(path)
    with pikepdf.new() as out:
        opened = [pikepdf.open(p) for p in parts]
        try:
            for part in opened:
                out.pages.extend(part.pages)
            out.save(path, deterministic_id=True)
        finally:
            for part in opened:
                part.close()
    return path
