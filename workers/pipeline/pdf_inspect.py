"""Triage of an incoming PDF: which pages carry real text and which need OCR.

Born-digital pages keep their text (no OCR); scanned pages go to the image pipeline.
pikepdf reads the structure (encryption, signatures, PDF/A claim) and pypdfium2 the
pages (text and image placement), which keeps triage to a few milliseconds a page.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pikepdf import Name

from workers.pipeline.errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncryptedPdfError,
    UnsupportedTypeError,
)
from workers.pipeline.signatures import SignatureInfo, signature_info

PageKind = Literal["text", "scanned"]

# A real text layer has at least this many Latin letters/digits ...
MIN_TEXT_CHARS = 20
# ... and at most this share of garbage (control, private-use, unmapped, other-script).
MAX_BAD_SHARE = 0.2
# A page at least this much covered by images looks like a scan; visible text over it
# counts only when there is a lot of it (a digital stamp or page header is not enough).
IMAGE_PAGE_COVERAGE = 0.5
DENSE_TEXT_CHARS = 100
# Below this image coverage a page without text has nothing OCR could find.
SOME_IMAGE_COVERAGE = 0.1
_GRID = 100  # cells per side of the grid on which image coverage is measured
_MAX_FORM_DEPTH = 8

_LATIN = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1e00-\u1eff\ufb00-\ufb06"
_LETTERS = re.compile(f"[{_LATIN}]")
_GARBAGE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd-\uffff\U000f0000-\U0010ffff]"
)
# pdfium marks a hyphen that ends a line with U+0002 and drops the line break.
PDFIUM_LINE_HYPHEN = "\x02"
_SNIFF = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"GIF8", "a GIF image"),
)


@dataclass(frozen=True)
class PdfPageInfo:
    """Triage of one page. Sizes are of the visible page box before /Rotate."""

    number: int  # 1-based
    kind: PageKind
    text_chars: int  # non-whitespace characters in the text layer
    image_coverage: float  # share of the page covered by images, 0..1
    width_pt: float
    height_pt: float
    rotate: int  # /Rotate: 0, 90, 180 or 270 (clockwise)
    reason: str  # why the kind was chosen, for staff and debugging

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class PdfInfo:
    """What triage learned about a PDF; JSON-friendly via ``as_dict()``."""

    page_count: int
    pages: tuple[PdfPageInfo, ...]
    pdf_version: str
    encrypted: bool = False  # owner password only: opens without a password
    restrictions: tuple[str, ...] = ()  # permissions the owner password withholds
    signatures: SignatureInfo = field(default_factory=SignatureInfo)
    pdfa_part: str | None = None  # claimed in XMP, not verified
    pdfa_conformance: str | None = None
    repaired: bool = False  # qpdf had to reconstruct a damaged structure
    # Fonts without an embedded program: pages using them cannot go into a PDF/A.
    unembedded_fonts: tuple[str, ...] = ()

    @property
    def signed(self) -> bool:
        """A signed PDF is never rewritten."""
        return self.signatures.signed

    @property
    def text_pages(self) -> list[int]:
        return [page.number for page in self.pages if page.kind == "text"]

    @property
    def scanned_pages(self) -> list[int]:
        return [page.number for page in self.pages if page.kind == "scanned"]

    @property
    def kind(self) -> Literal["born_digital", "scanned", "mixed"]:
        """born_digital needs no OCR and no assembly; scanned and mixed need both."""
        if not self.scanned_pages:
            return "born_digital"
        return "scanned" if not self.text_pages else "mixed"

    def as_dict(self) -> dict[str, object]:
        return {
            "page_count": self.page_count,
            "kind": self.kind,
            "pdf_version": self.pdf_version,
            "encrypted": self.encrypted,
            "restrictions": list(self.restrictions),
            "signed": self.signed,
            "signatures": self.signatures.as_dict(),
            "pdfa": (
                {"part": self.pdfa_part, "conformance": self.pdfa_conformance}
                if self.pdfa_part
                else None
            ),
            "repaired": self.repaired,
            "unembedded_fonts": list(self.unembedded_fonts),
            "pages": [page.as_dict() for page in self.pages],
        }


def inspect_pdf(path: Path) -> PdfInfo:
    """Triage ``path``: structure facts and, per page, "text" or "scanned".

    Raises UnsupportedTypeError, CorruptFileError, EncryptedPdfError (a user password
    is needed) or EmptyDocumentError for input staff must replace.
    """
    with open_pikepdf(path) as pdf:
        page_count = len(pdf.pages)
        if page_count == 0:
            raise EmptyDocumentError(f"{path.name}: the PDF has no pages")
        claim = pdfa_claim(pdf) or (None, None)
        info = PdfInfo(
            page_count=page_count,
            pages=(),
            pdf_version=str(pdf.pdf_version),
            encrypted=bool(pdf.is_encrypted),
            restrictions=_restrictions(pdf) if pdf.is_encrypted else (),
            signatures=signature_info(pdf),
            pdfa_part=claim[0],
            pdfa_conformance=claim[1],
            repaired=bool(pdf.get_warnings()),
            unembedded_fonts=tuple(unembedded_fonts(pdf)),
        )
    doc = open_pdfium(path)
    try:
        if len(doc) != page_count:
            raise CorruptFileError(
                f"{path.name}: page tree is damaged ({page_count} vs {len(doc)} pages)"
            )
        pages = tuple(_page_info(doc, number, path) for number in range(1, page_count + 1))
    finally:
        doc.close()
    return replace(info, pages=pages)


def check_pdf_header(path: Path) -> None:
    """Refuse what is not a PDF before a parser sees it (magic bytes, not the name)."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:
        return
    for magic, what in _SNIFF:
        if head.startswith(magic):
            raise UnsupportedTypeError(f"{path.name} is {what}, not a PDF")
    if _looks_like_markup(head):
        raise UnsupportedTypeError(f"{path.name} is a web page (HTML/XML), not a PDF")
    if path.suffix.lower() == ".pdf":
        detail = "the file is empty" if not head else "no %PDF header: the file is damaged"
        raise CorruptFileError(f"{path.name}: {detail}")
    raise UnsupportedTypeError(f"{path.name} is not a PDF")


def _looks_like_markup(head: bytes) -> bool:
    """An HTML error page or XML saved under a .pdf name (a failed download)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body"))


def open_pikepdf(path: Path) -> pikepdf.Pdf:
    """Open with pikepdf, turning parser failures into the pipeline's bad-input errors."""
    check_pdf_header(path)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise EncryptedPdfError(f"{path.name} needs a user password") from exc
    except pikepdf.PdfError as exc:
        raise CorruptFileError(f"{path.name}: {exc}") from exc
    if pdf.get_warnings() and not _ends_with_eof(path):
        pdf.close()
        raise CorruptFileError(f"{path.name}: the file is truncated (no %%EOF at its end)")
    return pdf


def open_pdfium(path: Path) -> pdfium.PdfDocument:
    """Open with pypdfium2 (text and rendering), with the same error mapping."""
    check_pdf_header(path)
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(f"{path.name} needs a user password") from exc
        raise CorruptFileError(f"{path.name}: {exc}") from exc


def load_page(doc: pdfium.PdfDocument, number: int, path: Path) -> pdfium.PdfPage:
    """Page ``number`` (1-based); a page pdfium cannot load means a damaged file."""
    if not 1 <= number <= len(doc):
        raise ValueError(f"{path.name} has no page {number} (it has {len(doc)})")
    try:
        return doc[number - 1]
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(f"{path.name}: page {number} cannot be read: {exc}") from exc


def page_text(page: pdfium.PdfPage) -> str:
    """The page's text layer as pdfium reads it, line breaks as ``\\n``.

    A line-ending hyphen (which pdfium marks and joins) is put back as ``-\\n`` so the
    text is what the page shows.
    """
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded()  # full Unicode, unlike get_text_range
    finally:
        textpage.close()
    return text.replace("\r\n", "\n").replace(PDFIUM_LINE_HYPHEN, "-\n")


def unembedded_fonts(pdf: pikepdf.Pdf, page_numbers: Iterable[int] | None = None) -> list[str]:
    """Names of the fonts the pages (1-based; all by default) use without embedding.

    Looks in page resources, Form XObjects, tiling patterns, Type 3 fonts and
    annotation appearances. PDF/A requires every font program to be embedded.
    """
    numbers = range(1, len(pdf.pages) + 1) if page_numbers is None else page_numbers
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    for number in numbers:
        page = pdf.pages[number - 1].obj
        holders = [page, *_appearance_streams(page)]
        for holder in holders:
            for font in _fonts(holder, seen, 0):
                if not _font_embedded(font):
                    found.add(str(font.get(Name.BaseFont, "/(unnamed)")).lstrip("/"))
    return sorted(found)


def has_unembedded_fonts(pdf: Path, page_numbers: Iterable[int] | None = None) -> bool:
    """True when a page of ``pdf`` uses a font that is not embedded (not PDF/A-able)."""
    with open_pikepdf(pdf) as doc:
        return bool(unembedded_fonts(doc, page_numbers))


def _fonts(
    holder: pikepdf.Object, seen: set[tuple[int, int]], depth: int
) -> Iterator[pikepdf.Dictionary]:
    """Font dictionaries reachable from ``holder``'s /Resources, each object once."""
    if depth > _MAX_FORM_DEPTH or not isinstance(holder, pikepdf.Dictionary | pikepdf.Stream):
        return
    if holder.is_indirect:
        if holder.objgen in seen:
            return
        seen.add(holder.objgen)
    resources = holder.get(Name.Resources)
    if not isinstance(resources, pikepdf.Dictionary):
        return
    fonts = resources.get(Name.Font)
    for font in fonts.values() if isinstance(fonts, pikepdf.Dictionary) else ():
        if isinstance(font, pikepdf.Dictionary):
            yield font
            if font.get(Name.Subtype) == Name.Type3:
                yield from _fonts(font, seen, depth + 1)
    for key in (Name.XObject, Name.Pattern):
        children = resources.get(key)
        for child in children.values() if isinstance(children, pikepdf.Dictionary) else ():
            if isinstance(child, pikepdf.Stream):
                yield from _fonts(child, seen, depth + 1)


def _appearance_streams(page: pikepdf.Dictionary) -> Iterator[pikepdf.Stream]:
    annots = page.get(Name.Annots)
    for annot in annots if isinstance(annots, pikepdf.Array) else ():
        ap = annot.get(Name.AP) if isinstance(annot, pikepdf.Dictionary) else None
        for appearance in ap.values() if isinstance(ap, pikepdf.Dictionary) else ():
            if isinstance(appearance, pikepdf.Stream):
                yield appearance
            elif isinstance(appearance, pikepdf.Dictionary):  # one stream per state
                yield from (s for s in appearance.values() if isinstance(s, pikepdf.Stream))


def _font_embedded(font: pikepdf.Dictionary) -> bool:
    subtype = font.get(Name.Subtype)
    if subtype == Name.Type3:
        return True  # glyphs are content streams inside the font
    if subtype == Name.Type0:
        descendants = font.get(Name.DescendantFonts)
        if not isinstance(descendants, pikepdf.Array) or len(descendants) == 0:
            return False
        cid_font = descendants[0]
        if not isinstance(cid_font, pikepdf.Dictionary):
            return False
        font = cid_font
    descriptor = font.get(Name.FontDescriptor)
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in (Name.FontFile, Name.FontFile2, Name.FontFile3)
    )


def pdfa_claim(pdf: pikepdf.Pdf) -> tuple[str, str] | None:
    """(part, conformance) the XMP claims, e.g. ("2", "B"); None without a claim."""
    try:
        meta = pdf.open_metadata()
        part = str(meta.get("pdfaid:part") or "").strip()
        conformance = str(meta.get("pdfaid:conformance") or "").strip().upper()
    except Exception:  # unreadable XMP is simply no claim
        return None
    return (part, conformance) if part else None


def text_stats(text: str) -> tuple[int, int, int]:
    """(non-whitespace chars, Latin letters and digits, garbage or other-script chars)."""
    nonspace = len(text) - sum(map(str.isspace, text))
    letters = len(_LETTERS.findall(text))
    garbage = len(_GARBAGE.findall(text))
    other_alnum = sum(map(str.isalnum, text)) - letters
    return nonspace, letters, garbage + max(other_alnum, 0)


def classify(letters: int, bad: int, coverage: float, invisible: bool) -> tuple[PageKind, str]:
    """The triage rule: a real text layer keeps the page out of OCR."""
    total = letters + bad
    usable = letters >= MIN_TEXT_CHARS and bad <= MAX_BAD_SHARE * total
    if total >= MIN_TEXT_CHARS and bad > MAX_BAD_SHARE * total:
        return "scanned", "garbled_text"
    if usable and coverage < IMAGE_PAGE_COVERAGE:
        return "text", "text_layer"
    if usable and invisible:
        return "text", "ocr_layer"
    if usable and letters >= DENSE_TEXT_CHARS:
        return "text", "text_over_image"
    if coverage >= SOME_IMAGE_COVERAGE:
        return "scanned", "image"
    return "text", "little_text"


def _page_info(doc: pdfium.PdfDocument, number: int, path: Path) -> PdfPageInfo:
    page = load_page(doc, number, path)
    try:
        bbox = page.get_bbox()
        text = page_text(page)
        rects, visible_text, invisible_text = _walk_objects(page)
        rotate = page.get_rotation()
    finally:
        page.close()
    nonspace, letters, bad = text_stats(text)
    coverage = image_coverage(rects, bbox)
    invisible = invisible_text > 0 and visible_text == 0
    kind, reason = classify(letters, bad, coverage, invisible)
    return PdfPageInfo(
        number=number,
        kind=kind,
        text_chars=nonspace,
        image_coverage=round(coverage, 3),
        width_pt=round(bbox[2] - bbox[0], 2),
        height_pt=round(bbox[3] - bbox[1], 2),
        rotate=rotate,
        reason=reason,
    )


Rect = tuple[float, float, float, float]


def _walk_objects(page: pdfium.PdfPage) -> tuple[list[Rect], int, int]:
    """Image rectangles in page space, and counts of visible and invisible text objects.

    Uses pdfium's raw API: wrapping every object of a vector-heavy page in Python
    objects would cost more than the rest of triage.
    """
    rects: list[Rect] = []
    counts = [0, 0]  # visible, invisible text objects
    for kind, obj, chain in _objects(page.raw, None, ()):
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            rects.append(_bounds_in_page(obj, chain))
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
            invisible = mode in (
                pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE,
                pdfium_c.FPDF_TEXTRENDERMODE_CLIP,
            )
            counts[invisible] += 1
    return rects, counts[0], counts[1]


Matrix = tuple[float, float, float, float, float, float]


def _objects(
    page_raw: object, form: object | None, chain: tuple[Matrix, ...]
) -> Iterator[tuple[int, object, tuple[Matrix, ...]]]:
    """Yield (type, raw object, form matrices innermost first), descending into forms."""
    if form is None:
        count = pdfium_c.FPDFPage_CountObjects(page_raw)
        get = pdfium_c.FPDFPage_GetObject
        owner = page_raw
    else:
        count = pdfium_c.FPDFFormObj_CountObjects(form)
        get = pdfium_c.FPDFFormObj_GetObject
        owner = form
    for index in range(max(count, 0)):
        obj = get(owner, index)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and len(chain) < _MAX_FORM_DEPTH:
            yield from _objects(page_raw, obj, (_matrix(obj), *chain))
        else:
            yield kind, obj, chain


def _matrix(obj: object) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _bounds_in_page(obj: object, chain: tuple[Matrix, ...]) -> Rect:
    """An object's bounding box, mapped out of any enclosing forms into page space."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    )
    rect: Rect = (left.value, bottom.value, right.value, top.value)
    for a, b, c, d, e, f in chain:
        xs, ys = [], []
        for x, y in (
            (rect[0], rect[1]),
            (rect[0], rect[3]),
            (rect[2], rect[1]),
            (rect[2], rect[3]),
        ):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
        rect = (min(xs), min(ys), max(xs), max(ys))
    return rect


def image_coverage(rects: list[Rect], bbox: Rect) -> float:
    """Share of the page box covered by the union of ``rects`` (on a coarse grid)."""
    x0, y0, x1, y1 = bbox
    width, height = x1 - x0, y1 - y0
    if not rects or width <= 0 or height <= 0:
        return 0.0
    grid = np.zeros((_GRID, _GRID), dtype=bool)
    for left, bottom, right, top in rects:
        i0 = max(0, round((left - x0) / width * _GRID))
        i1 = min(_GRID, round((right - x0) / width * _GRID))
        j0 = max(0, round((bottom - y0) / height * _GRID))
        j1 = min(_GRID, round((top - y0) / height * _GRID))
        if i1 > i0 and j1 > j0:
            grid[j0:j1, i0:i1] = True
    return float(grid.mean())


def _restrictions(pdf: pikepdf.Pdf) -> tuple[str, ...]:
    allowed = pdf.allow._asdict()  # a NamedTuple of permission flags
    return tuple(sorted(name for name, value in allowed.items() if not value))


def _ends_with_eof(path: Path) -> bool:
    with path.open("rb") as handle:
        with suppress(OSError):
            handle.seek(-2048, 2)
        return b"%%EOF" in handle.read()
