"""Files a librarian or visitor might really hand in that the pipeline must refuse.

``make_bad_inputs(folder)`` writes each kind once and returns ``{kind: BadInput}`` with
the error code (``workers/pipeline/errors.py``) the pipeline should report. The rule:
a recognisable format we do not take (GIF, HTML, ZIP, DOCX, ...) is
``unsupported_type`` whatever its name; bytes that claim a supported type (by name) but
are empty, cut short, damaged or unrecognisable are ``corrupt_file``. Every file was
checked against the plain libraries (PIL, pikepdf): see tests/bench/test_bad_inputs.py.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image, features

from bench.corpus import born_digital_pdf, images_to_scanned_pdf, make_page
from bench.corpus_types import GeneratedPage, Kind

UNSUPPORTED = "unsupported_type"
CORRUPT = "corrupt_file"
ENCRYPTED = "encrypted_pdf"
TOO_MANY_PIXELS = "too_many_pixels"
NO_PAGES = "no_pages"
TOO_SMALL = "image_too_small"
CODES = frozenset({UNSUPPORTED, CORRUPT, ENCRYPTED, TOO_MANY_PIXELS, NO_PAGES, TOO_SMALL})
BOMB_SIDE = 40_000  # a 40000 x 40000 PNG: 1.6 gigapixels declared, ~0.2 MB on disk
USER_PASSWORD = "rahasia"  # the encrypted PDF's user password (owner: "bps1377")
SEED = 1377


@dataclass(frozen=True)
class BadInput:
    """A bad file and the error code the pipeline should fail it with."""

    path: Path
    expected_code: str
    description: str = ""


ZIP_DATE = (2024, 3, 18, 9, 30, 0)
NOTE = """Catatan permintaan data - Perpustakaan BPS Kota Pariaman
Tabel 3.1 Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin, 2023
Mohon dikirim dalam bentuk PDF. Terima kasih.
"""
ERROR_PAGE = """<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><title>404 Halaman Tidak Ditemukan</title></head>
<body>
<h1>404 - Halaman tidak ditemukan</h1>
<p>Publikasi "Kota Pariaman Dalam Angka 2024" yang Anda cari tidak tersedia.</p>
<p><a href="/publication">Kembali ke daftar publikasi</a></p>
</body>
</html>
"""
SVG_CHART = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">
  <title>Jumlah Penduduk Menurut Kecamatan, 2023</title>
  <rect x="60" y="120" width="100" height="200" fill="#1f77b4"/>
  <rect x="200" y="40" width="100" height="280" fill="#1f77b4"/>
  <rect x="340" y="130" width="100" height="190" fill="#1f77b4"/>
  <rect x="480" y="70" width="100" height="250" fill="#1f77b4"/>
  <text x="320" y="350" text-anchor="middle" font-size="14">Sumber: BPS Kota Pariaman</text>
</svg>
"""
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/>{extra}</Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{part}"/></Relationships>'
)
OOXML = "application/vnd.openxmlformats-officedocument."


def write_ooxml(path: Path, parts: dict[str, str]) -> None:
    """A zip with fixed timestamps, [Content_Types].xml first, as Office writes it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), text)


def write_docx(path: Path, text: str) -> None:
    """A minimal valid .docx holding one paragraph."""
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    part = "word/document.xml"
    content_type = OOXML + "wordprocessingml.document.main+xml"
    write_ooxml(
        path,
        {
            "[Content_Types].xml": CONTENT_TYPES.format(
                part=part, content_type=content_type, extra=""
            ),
            "_rels/.rels": ROOT_RELS.format(part=part),
            part: body,
        },
    )


XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
SHEET_ROWS = (("Kecamatan", "Jumlah"), ("Pariaman Selatan", "19822"), ("Pariaman Tengah", "29670"))


def write_xlsx(path: Path) -> None:
    """A minimal valid .xlsx: one sheet with a small population table."""
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{a}</t></is></c>'
        + (
            f'<c r="B{i}"><v>{b}</v></c>'
            if b.isdigit()
            else f'<c r="B{i}" t="inlineStr"><is><t>{b}</t></is></c>'
        )
        + "</row>"
        for i, (a, b) in enumerate(SHEET_ROWS, start=1)
    )
    sheet = "/xl/worksheets/sheet1.xml"
    sheet_type = OOXML + "spreadsheetml.worksheet+xml"
    workbook = (
        f"{XML}<workbook {SHEET_NS} {REL_NS}><sheets>"
        '<sheet name="Tabel 3.1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = ROOT_RELS.replace("relationships/officeDocument", "relationships/worksheet")
    write_ooxml(
        path,
        {
            "[Content_Types].xml": CONTENT_TYPES.format(
                part="xl/workbook.xml",
                content_type=OOXML + "spreadsheetml.sheet.main+xml",
                extra=f'<Override PartName="{sheet}" ContentType="{sheet_type}"/>',
            ),
            "_rels/.rels": ROOT_RELS.format(part="xl/workbook.xml"),
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": workbook_rels.format(part="worksheets/sheet1.xml"),
            sheet[1:]: f"{XML}<worksheet {SHEET_NS}><sheetData>{rows}</sheetData></worksheet>",
        },
    )


Maker = Callable[[Path], None]
KINDS: dict[str, tuple[str, str, Maker]] = {}


def kind(name: str, filename: str, code: str) -> Callable[[Maker], Maker]:
    """Register a maker: its docstring's first line describes the kind."""

    def register(maker: Maker) -> Maker:
        KINDS[name] = (filename, code, maker)
        return maker

    return register


@functools.lru_cache(maxsize=8)
def page_image(dpi: int = 100, kind_: Kind = "table") -> GeneratedPage:
    """A small real page to damage."""
    return make_page(SEED, kind=kind_, dpi=dpi)


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    """The image encoded in memory."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@kind("empty_png", "scan_halaman_01.png", CORRUPT)
def empty_png(path: Path) -> None:
    """Zero-byte .png: an upload or copy that was interrupted before any byte arrived."""
    path.write_bytes(b"")


@kind("empty_pdf", "kota_pariaman_dalam_angka_2024.pdf", CORRUPT)
def empty_pdf(path: Path) -> None:
    """Zero-byte .pdf: a download that failed but still left a file behind."""
    path.write_bytes(b"")


@kind("truncated_png", "scan_halaman_02.png", CORRUPT)
def truncated_png(path: Path) -> None:
    """PNG of a scanned page cut at half its length (header intact, image data short)."""
    data = encoded(page_image(150).image, "PNG", dpi=(150, 150))
    path.write_bytes(data[: len(data) // 2])


@kind("truncated_jpeg", "foto_tabel.jpg", CORRUPT)
def truncated_jpeg(path: Path) -> None:
    """JPEG photo of a table page cut at half its length (no end-of-image marker)."""
    data = encoded(page_image(150).image, "JPEG", quality=90, dpi=(150, 150))
    path.write_bytes(data[: len(data) // 2])


@kind("truncated_tiff", "scan_halaman_03.tif", CORRUPT)
def truncated_tiff(path: Path) -> None:
    """LZW TIFF from a scanner cut at half its length (its directory, written last, is lost)."""
    image = page_image(150).image
    data = encoded(image, "TIFF", compression="tiff_lzw", dpi=(150, 150))
    path.write_bytes(data[: len(data) // 2])


@kind("corrupt_png_data", "scan_halaman_04.png", CORRUPT)
def corrupt_png_data(path: Path) -> None:
    """PNG whose compressed image data was overwritten mid-file (bit rot, bad USB stick)."""
    data = bytearray(encoded(page_image(150).image, "PNG", dpi=(150, 150)))
    start = data.index(b"IDAT") + 4 + len(data) // 4
    data[start : start + 4096] = random.Random(SEED).randbytes(4096)
    path.write_bytes(bytes(data))


@kind("garbage_pdf", "publikasi.pdf", CORRUPT)
def garbage_pdf(path: Path) -> None:
    """64 KiB of random bytes named .pdf (a damaged disk sector, a failed transfer)."""
    path.write_bytes(random.Random(SEED).randbytes(64 * 1024))


@kind("truncated_pdf", "statistik_daerah_2023.pdf", CORRUPT)
def truncated_pdf(path: Path) -> None:
    """Three-page scanned PDF cut at half its length: page tree and xref are lost."""
    pages = [make_page(SEED + i, kind="table", dpi=100) for i in range(3)]
    images_to_scanned_pdf(pages, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@kind("destroyed_pdf", "indikator_ekonomi.pdf", CORRUPT)
def destroyed_pdf(path: Path) -> None:
    """PDF with the xref table, trailer and every object header/dictionary wiped out."""
    born_digital_pdf([page_image(100, "prose").text], path)
    data = path.read_bytes()
    data = data[: data.rindex(b"xref")]  # xref table, trailer and startxref gone
    for token in (b"obj", b"endobj", b"stream", b"endstream", b"<<", b">>", b"/"):
        data = data.replace(token, b"#" * len(token))
    path.write_bytes(data)


@kind("encrypted_pdf", "laporan_rahasia.pdf", ENCRYPTED)
def encrypted_pdf(path: Path) -> None:
    """Born-digital PDF that needs a user password to open (AES-256)."""
    born_digital_pdf([page_image(100, "prose").text], path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        encryption = pikepdf.Encryption(owner="bps1377", user=USER_PASSWORD, R=6)
        pdf.save(path, encryption=encryption)  # random IVs: bytes vary per run


@kind("zero_page_pdf", "halaman_kosong.pdf", NO_PAGES)
def zero_page_pdf(path: Path) -> None:
    """Well-formed PDF whose page tree is empty (/Pages /Kids [] /Count 0)."""
    with pikepdf.new() as pdf:
        pdf.Root.Pages.Kids = pikepdf.Array()
        pdf.Root.Pages.Count = 0
        pdf.save(path, deterministic_id=True)


@kind("png_bomb", "scan_resolusi_tinggi.png", TOO_MANY_PIXELS)
def png_bomb(path: Path) -> None:
    """Decompression bomb: a small PNG declaring 40000 x 40000 white 1-bit pixels."""
    row = b"\x00" + b"\xff" * (BOMB_SIDE // 8)  # filter byte "None" + one row of white
    compressor = zlib.compressobj(6)
    parts = [compressor.compress(row) for _ in range(BOMB_SIDE)]
    idat = b"".join(parts) + compressor.flush()
    header = struct.pack(">IIBBBBB", BOMB_SIDE, BOMB_SIDE, 1, 0, 0, 0, 0)
    with path.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(png_chunk(b"IHDR", header))
        out.write(png_chunk(b"IDAT", idat))
        out.write(png_chunk(b"IEND", b""))


def png_chunk(tag: bytes, body: bytes) -> bytes:
    """One PNG chunk: length, tag, body, CRC."""
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


@kind("jpeg_bomb", "foto_baliho.jpg", TOO_MANY_PIXELS)
def jpeg_bomb(path: Path) -> None:
    """JPEG whose frame header declares 60000 x 60000 pixels over a few hundred bytes."""
    data = bytearray(encoded(Image.new("L", (16, 16), 255), "JPEG", quality=90))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 60_000, 60_000)  # height, width
    path.write_bytes(bytes(data))


@kind("tiny_png", "ikon_halaman.png", TOO_SMALL)
def tiny_png(path: Path) -> None:
    """A 40 x 40 pixel thumbnail of a page (a chat-app preview saved instead of the scan)."""
    thumb = page_image(100).image.resize((40, 40), Image.Resampling.LANCZOS)
    thumb.save(path, format="PNG")


@kind("gif", "scan_halaman.gif", UNSUPPORTED)
def gif(path: Path) -> None:
    """A real GIF of a page (palette image from an old scanning program)."""
    page_image(100).image.convert("P").save(path, format="GIF")


@kind("bmp", "scan_halaman.bmp", UNSUPPORTED)
def bmp(path: Path) -> None:
    """A real Windows BMP of a page (Paint's default format)."""
    page_image(100).image.save(path, format="BMP")


@kind("text_as_jpg", "tabel_penduduk.jpg", UNSUPPORTED)
def text_as_jpg(path: Path) -> None:
    """A plain-text note renamed .jpg."""
    path.write_text(NOTE, encoding="utf-8")


@kind("zip_as_pdf", "kumpulan_scan.pdf", UNSUPPORTED)
def zip_as_pdf(path: Path) -> None:
    """A ZIP archive of PNG page scans, renamed .pdf."""
    png = encoded(page_image(100).image, "PNG")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in (1, 2):
            info = zipfile.ZipInfo(f"scan/halaman_{number:03d}.png", date_time=ZIP_DATE)
            archive.writestr(info, png)


@kind("html_as_pdf", "unduhan_publikasi.pdf", UNSUPPORTED)
def html_as_pdf(path: Path) -> None:
    """The HTML error page a website served instead of the PDF, saved as .pdf."""
    path.write_text(ERROR_PAGE, encoding="utf-8")


@kind("docx", "draf_publikasi.docx", UNSUPPORTED)
def docx(path: Path) -> None:
    """A minimal Word (OOXML) document with one paragraph of publication text."""
    write_docx(path, page_image(100, "prose").text.splitlines()[3])


@kind("xlsx", "tabel_3_1.xlsx", UNSUPPORTED)
def xlsx(path: Path) -> None:
    """A minimal Excel (OOXML) workbook with a population table."""
    write_xlsx(path)


@kind("svg", "grafik_penduduk.svg", UNSUPPORTED)
def svg(path: Path) -> None:
    """An SVG bar chart of population by kecamatan."""
    path.write_text(SVG_CHART, encoding="utf-8")


if features.check("webp"):

    @kind("webp", "scan_halaman.webp", UNSUPPORTED)
    def webp(path: Path) -> None:
        """A real WebP of a page (what phones and browsers save by default)."""
        page_image(100).image.save(path, format="WEBP", quality=80)


def make_bad_inputs(folder: Path | str) -> dict[str, BadInput]:
    """Write every kind of bad input into ``folder``; ``{kind: BadInput}``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    result = {}
    for name, (filename, code, maker) in KINDS.items():
        path = folder / filename
        maker(path)
        description = (maker.__doc__ or "").strip().splitlines()[0]
        result[name] = BadInput(path, code, description)
    return result
