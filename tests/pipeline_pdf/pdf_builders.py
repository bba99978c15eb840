"""Builders of test PDFs: born-digital (fpdf2), scanned (img2pdf), mixed, OCR'd.

Every builder returns the file and what was put into it, so tests compare the pipeline's
output with the truth rather than with itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pikepdf
from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
A4_MM = (210, 297)

TITLE = "Produk Domestik Regional Bruto Kota Pariaman 2023"
TABLE = [
    ["Lapangan Usaha", "2022", "2023"],
    ["Pertanian", "1.234,56", "1.301,20"],
    ["Perdagangan", "2.345,67", "2.480,05"],
    ["Jumlah PDRB", "3.580,23", "3.781,25"],
]
PROSE = [
    "Pertumbuhan ekonomi Kota Pariaman tahun 2023 mencapai 4,87 persen.",
    "Struktur perekonomian masih didominasi oleh lapangan usaha perdagangan.",
    "Sumber: Badan Pusat Statistik Kota Pariaman",
]


@dataclass(frozen=True)
class Built:
    """A test PDF and the text written on each of its pages (page order)."""

    path: Path
    texts: list[str]


def _fpdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=11)
    return pdf


def build_born_digital(path: Path) -> Built:
    """Two pages: a title with a numeric table, then prose. Embedded DejaVu fonts."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.cell(0, 10, TITLE, new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for cells in TABLE:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.add_page()
    for line in PROSE:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    page1 = "\n".join([TITLE, *(" ".join(cells) for cells in TABLE)])
    return Built(path, [page1, "\n".join(PROSE)])


def scan_image(lines: list[str], *, dpi: int = 150, mode: str = "L") -> Image.Image:
    """An A4 'scan' of ``lines`` at ``dpi`` (grayscale, with some texture)."""
    size = (round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi))
    image = Image.new("L", size, 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSerif.ttf"), max(12, dpi // 6))
    for i, line in enumerate(lines):
        draw.text((dpi, dpi + i * dpi // 3), line, font=font, fill=20)
    draw.rectangle((dpi, size[1] // 2, size[0] - dpi, size[1] // 2 + dpi // 2), outline=0)
    # An asymmetric mark, so a wrong flip or turn cannot go unnoticed.
    draw.rectangle((dpi // 4, dpi // 4, dpi // 2, dpi), fill=0)
    return image.convert(mode)


def encode(image: Image.Image, fmt: str, dpi: int) -> bytes:
    buf = io.BytesIO()
    if fmt == "TIFF":
        image.save(buf, "TIFF", compression="group4", dpi=(dpi, dpi))
    elif fmt == "JPEG":
        image.save(buf, "JPEG", quality=85, dpi=(dpi, dpi))
    else:
        image.save(buf, fmt, dpi=(dpi, dpi))
    return buf.getvalue()


def build_scanned(path: Path, image: Image.Image, fmt: str = "PNG", dpi: int = 150) -> Path:
    """A one-page scanned PDF: img2pdf embeds the encoded image as it is."""
    path.write_bytes(img2pdf.convert(encode(image, fmt, dpi)))
    return path


def build_image_with_text(
    path: Path, image: Image.Image, lines: list[str], *, invisible: bool
) -> Built:
    """A full-page image with a text layer over it: an OCR'd scan (invisible) or a stamp."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=A4_MM[0], h=A4_MM[1])
    if invisible:
        pdf.text_mode = TextMode.INVISIBLE
    pdf.set_xy(20, 20)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return Built(path, ["\n".join(lines)])


def build_single_text_page(path: Path, lines: list[str], *, core_font: bool = False) -> Built:
    """One born-digital page; ``core_font`` uses Helvetica, which fpdf2 does not embed."""
    pdf = _fpdf()
    if core_font:
        pdf.set_font("helvetica", size=11)
    pdf.add_page()
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return Built(path, ["\n".join(lines)])


def merge(path: Path, sources: list[tuple[Path, int]]) -> Path:
    """A PDF made of (file, 1-based page) in order, as a mixed original is."""
    out = pikepdf.new()
    opened: dict[Path, pikepdf.Pdf] = {}
    for source, number in sources:
        if source not in opened:
            opened[source] = pikepdf.open(source)
        out.pages.append(opened[source].pages[number - 1])
    out.save(path)
    for pdf in opened.values():
        pdf.close()
    return path


def with_signature_field(source: Path, out: Path, *, sig_flags: int = 3) -> Path:
    """Copy ``source`` with a signature field on page 1, as signing tools write it.

    ``sig_flags=3`` (SignaturesExist | AppendOnly) marks it signed; 0 leaves an empty
    field waiting for a signature.
    """
    with pikepdf.open(source) as pdf:
        field = pdf.make_indirect(
            pikepdf.Dictionary(
                FT=pikepdf.Name.Sig,
                T=pikepdf.String("Tanda tangan"),
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                Rect=[0, 0, 0, 0],
                P=pdf.pages[0].obj,
            )
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([field]))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field], SigFlags=sig_flags)
        pdf.save(out)
    return out
