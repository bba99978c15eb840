"""Generated front matter of BPS publications (cover, title page, imprint page) with truth.

``make_document(seed)`` draws the first pages of one publication taken from the demo
collection (real BPS Kota Pariaman series, numbers with valid check digits): a cover in
one of several layouts, usually a title page, usually an imprint page ("Nomor Katalog /
Catalog Number: 1102001.1377", "ISSN: …", "Ukuran Buku / Book Size" …) with bilingual
labels in several spellings. Fonts, case, label styles and columns vary; some fields are
left out on purpose (and are then absent from the truth); pages are skewed and noised
like a scan. The intake benchmark (``bench.intake``) OCRs them with the real pipeline.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from bench.corpus_degrade import add_noise
from bench.corpus_layout import FONT_DIR

# Book pages are smaller than A4 (BPS prints most at 17.6 x 25 cm or 21 x 29.7 cm).
PAGE_MM = {"B5": (176.0, 250.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0)}
FACES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    "condensed": (
        "DejaVuSansCondensed.ttf",
        "DejaVuSansCondensed-Bold.ttf",
        "DejaVuSansCondensed-Oblique.ttf",
    ),
}
ENGLISH_TITLES = {
    "Statistik Daerah Kota Pariaman": "Regional Statistics of Pariaman Municipality",
    "Indikator Kesejahteraan Rakyat Kota Pariaman": "Welfare Indicators of Pariaman Municipality",
    "Produk Domestik Regional Bruto Kota Pariaman Menurut Lapangan Usaha": (
        "Gross Regional Domestic Product of Pariaman Municipality by Industry"
    ),
    "Indeks Pembangunan Manusia Kota Pariaman": "Human Development Index of Pariaman Municipality",
    "Statistik Pariwisata Kota Pariaman": "Tourism Statistics of Pariaman Municipality",
    "Statistik Kesejahteraan Rakyat Kota Pariaman": "Welfare Statistics of Pariaman Municipality",
}
PRINTERS = ["CV. Pariaman Grafika", "CV. Sinar Padang", "PT. Minang Offset"]
COPYRIGHT = (
    "Dilarang mengumumkan, mendistribusikan, mengomunikasikan, dan/atau menggandakan "
    "sebagian atau seluruh isi buku ini untuk tujuan komersial tanpa izin tertulis dari "
    "Badan Pusat Statistik."
)


@dataclass(frozen=True)
class Truth:
    """What a librarian would catalogue from these pages ("" / None: not printed)."""

    title: str
    title_en: str
    year: int | None
    period: str
    catalogue_number: str
    publication_number: str
    issn: str
    isbn: str
    area_code: str
    kind: str


@dataclass
class Document:
    seed: int
    truth: Truth
    pages: list[Image.Image]
    dpi: int
    notes: list[str] = field(default_factory=list)


class _Page:
    """A white page with a cursor; draws centred or left-aligned lines."""

    def __init__(self, size: str, dpi: int, family: str) -> None:
        width_mm, height_mm = PAGE_MM[size]
        self.dpi, self.family = dpi, family
        self.image = Image.new("RGB", (self.mm(width_mm), self.mm(height_mm)), (255, 255, 255))
        self.draw = ImageDraw.Draw(self.image)
        self.left, self.right = self.mm(20), self.image.width - self.mm(20)
        self.y = float(self.mm(25))

    def mm(self, value: float) -> int:
        return round(value / 25.4 * self.dpi)

    def face(self, pt: float, style: int = 0) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(FONT_DIR + FACES[self.family][style], round(pt * self.dpi / 72))

    def wrap(self, text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            if lines and face.getlength(f"{lines[-1]} {word}") <= width:
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        return lines

    def line(
        self,
        text: str,
        pt: float,
        *,
        style: int = 0,
        centre: bool = False,
        x: float | None = None,
        fill: Any = (0, 0, 0),
        gap: float = 1.35,
    ) -> None:
        face = self.face(pt, style)
        for part in self.wrap(text, face, self.right - (x or self.left)):
            left = x if x is not None else self.left
            if centre:
                left = (self.image.width - face.getlength(part)) / 2
            self.draw.text((left, self.y), part, font=face, fill=fill)
            self.y += face.size * gap

    def space(self, mm: float) -> None:
        self.y += self.mm(mm)


def _publication_number(rng: random.Random, area_code: str, year: int) -> str:
    return f"{area_code[:4].ljust(4, '0')}0.{year % 100:02d}{rng.randint(1, 40):02d}"


def _made_up_issn(catalogue_number: str, rng: random.Random) -> str:
    """Half of the series without an ISSN in the demo get a well-formed one here."""
    if rng.random() < 0.5:
        return ""
    from portal.demo.collection import issn_with_check

    return issn_with_check(f"2{rng.randint(0, 999_999):06d}")


def _truth(rng: random.Random, seed: int) -> Truth:
    from portal.demo.collection import demo_collection

    collection = demo_collection()
    pub = collection[(seed * 7) % len(collection)]
    base_title = pub.title
    title_en = pub.subtitle or ""
    if not title_en:
        stem = base_title.removesuffix(f" {pub.year}")
        english = ENGLISH_TITLES.get(stem, "")
        title_en = f"{english} {pub.year}" if english and stem != base_title else english
    area_code = pub.area[0]
    has = {name: rng.random() for name in ("catalogue", "publication", "issn", "isbn", "en")}
    return Truth(
        title=base_title,
        title_en=title_en if has["en"] < 0.85 else "",
        year=pub.year,
        period=pub.period,
        catalogue_number=pub.catalogue_number if has["catalogue"] < 0.9 else "",
        publication_number=(
            _publication_number(rng, area_code, pub.year) if has["publication"] < 0.75 else ""
        ),
        issn=(pub.issn or _made_up_issn(pub.catalogue_number, rng)) if has["issn"] < 0.9 else "",
        isbn=pub.isbn if has["isbn"] < 0.7 else "",
        area_code=area_code,
        kind=pub.kind,
    )


def _cover(
    truth: Truth, rng: random.Random, size: str, dpi: int, family: str, *, english: bool
) -> Image.Image:
    page = _Page(size, dpi, family)
    upper = rng.random() < 0.6
    title = truth.title.upper() if upper else truth.title
    split_year = truth.year is not None and title.endswith(str(truth.year)) and rng.random() < 0.5
    if split_year:
        title = title.removesuffix(str(truth.year)).strip()
    layout = rng.choice(["band", "plain", "bottom"])
    ink: Any = (0, 0, 0)
    if layout == "band":
        colour = rng.choice([(0, 60, 120), (0, 90, 70), (120, 30, 40)])
        page.draw.rectangle((0, 0, page.image.width, page.mm(120)), fill=colour)
        ink = (255, 255, 255)
    if layout == "bottom":
        page.y = page.image.height * 0.45
    page.line("BADAN PUSAT STATISTIK", 11, style=1, fill=ink) if layout != "bottom" else None
    page.space(12)
    page.line(title, rng.choice([24, 26, 28]), style=1, fill=ink, gap=1.2)
    if truth.title_en and (english or rng.random() < 0.5):
        page.space(2)
        page.line(truth.title_en, 13, style=2, fill=ink)
    page.space(4)
    if split_year or (truth.year and not truth.title.endswith(str(truth.year))):
        page.line(truth.period or str(truth.year), 30, style=1, fill=ink)
    if truth.catalogue_number and (rng.random() < 0.3):
        page.y = page.image.height - page.mm(45)
        page.line(f"Katalog: {truth.catalogue_number}", 9)
    page.y = page.image.height - page.mm(30)
    region = (
        "BPS KOTA PARIAMAN" if truth.area_code.startswith("1377") else "BPS PROVINSI SUMATERA BARAT"
    )
    page.line(rng.choice([region, "https://pariamankota.bps.go.id"]), 10, style=1)
    return page.image


def _title_page(truth: Truth, rng: random.Random, size: str, dpi: int, family: str) -> Image.Image:
    page = _Page(size, dpi, family)
    page.y = page.image.height * rng.uniform(0.15, 0.3)
    title = truth.title.upper() if rng.random() < 0.5 else truth.title
    page.line(title, rng.choice([16, 18, 20]), style=1, centre=True, gap=1.3)
    if truth.title_en:
        page.space(3)
        page.line(truth.title_en, 12, style=2, centre=True)
    if truth.period:
        page.space(6)
        page.line(truth.period, 14, style=1, centre=True)
    page.y = page.image.height - page.mm(40)
    page.line("BADAN PUSAT STATISTIK KOTA PARIAMAN", 11, style=1, centre=True)
    page.line("BPS-Statistics of Pariaman Municipality", 10, style=2, centre=True)
    return page.image


_LABELS = {
    "catalogue": [
        "Nomor Katalog/Catalog Number",
        "Katalog/Catalog",
        "No. Katalog",
        "Nomor Katalog BPS",
    ],
    "publication": ["Nomor Publikasi/Publication Number", "No. Publikasi", "Nomor Publikasi"],
    "issn": ["ISSN", "p-ISSN"],
    "isbn": ["ISBN", "No. ISBN"],
    "size": ["Ukuran Buku/Book Size", "Ukuran Buku"],
    "pages": ["Jumlah Halaman/Number of Pages", "Jumlah Halaman"],
    "script": ["Naskah/Manuscript", "Naskah"],
    "editor": ["Penyunting/Editor", "Penyunting"],
    "published": ["Diterbitkan oleh/Published by", "Diterbitkan oleh"],
    "printed": ["Dicetak oleh/Printed by", "Dicetak oleh"],
}


def _isbn_printed(isbn: str) -> str:
    return f"{isbn[:3]}-{isbn[3:6]}-{isbn[6:9]}-{isbn[9:12]}-{isbn[12:]}"


def _imprint_rows(truth: Truth, rng: random.Random) -> list[tuple[str, str]]:
    rows = []
    if truth.issn:
        rows.append(("issn", truth.issn))
    if truth.isbn:
        rows.append(("isbn", _isbn_printed(truth.isbn)))
    if truth.publication_number:
        rows.append(("publication", truth.publication_number))
    if truth.catalogue_number:
        rows.append(("catalogue", truth.catalogue_number))
    rng.shuffle(rows)
    rows += [
        ("size", rng.choice(["17,6 cm x 25 cm", "14,8 cm x 21 cm", "21 cm x 29,7 cm"])),
        ("pages", f"{rng.choice(['viii', 'xiv', 'xxvi'])} + {rng.randint(40, 300)} halaman/pages"),
        ("script", "BPS Kota Pariaman"),
        ("editor", "BPS Kota Pariaman"),
        ("published", "©BPS Kota Pariaman"),
        ("printed", rng.choice(PRINTERS)),
    ]
    return rows


def _imprint(truth: Truth, rng: random.Random, size: str, dpi: int, family: str) -> Image.Image:
    page = _Page(size, dpi, family)
    title = truth.title.upper() if rng.random() < 0.4 else truth.title
    page.line(title, 13, style=1)
    if truth.title_en:
        page.line(truth.title_en, 11, style=2)
    if truth.period:
        page.line(truth.period, 11, style=1)
    page.space(6)
    columns = rng.random() < 0.4
    pt = rng.choice([9.5, 10, 10.5])
    for key, value in _imprint_rows(truth, rng):
        label = rng.choice(_LABELS[key])
        if columns:
            top = page.y
            page.line(label, pt, x=page.left)
            page.y = top
            page.line(f": {value}", pt, x=page.left + page.mm(62))
        else:
            page.line(f"{label}{rng.choice([': ', ' : '])}{value}", pt)
        page.space(1)
    page.space(6)
    if truth.year:
        page.line(f"Hak Cipta © {truth.year}, Badan Pusat Statistik", 9)
    page.space(2)
    page.line(COPYRIGHT, 8.5)
    return page.image


def _scanned(image: Image.Image, rng: random.Random, dpi: int) -> Image.Image:
    grey = image.convert("L")
    skew = rng.uniform(-1.5, 1.5)
    if abs(skew) > 0.2:
        grey = grey.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    noise = rng.choice([0.0, 0.15, 0.3, 0.45])
    return add_noise(grey, noise, rng.randint(0, 10_000), dpi) if noise else grey


def make_document(seed: int, *, dpi: int = 200) -> Document:
    """The front pages of one publication: same seed, same pixels and truth."""
    rng = random.Random(f"intake:{seed}")
    truth = _truth(rng, seed)
    size = rng.choice(["B5", "A4", "A5"])
    family = rng.choice(list(FACES))
    notes = [size, family]
    title_page, imprint = rng.random() < 0.8, rng.random() < 0.9
    if not imprint:
        # Without an imprint page nothing prints the numbers: they are not in the truth.
        notes.append("no imprint page")
        truth = replace(truth, catalogue_number="", publication_number="", issn="", isbn="")
    pages = [_cover(truth, rng, size, dpi, family, english=not (title_page or imprint))]
    if title_page:
        pages.append(_title_page(truth, rng, size, dpi, family))
    else:
        notes.append("no title page")
    if imprint:
        pages.append(_imprint(truth, rng, size, dpi, family))
    scanned = [_scanned(image, rng, dpi) for image in pages]
    return Document(seed=seed, truth=truth, pages=scanned, dpi=dpi, notes=notes)
