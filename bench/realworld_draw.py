"""Drawn sheets for the real-world corpus: maps, charts, coloured headings, odd printers.

Every sheet is a PIL image plus the exact words drawn on it (the ground truth), made
from a seed with DejaVu fonts (fonts-dejavu-core), so nothing is downloaded. The
degradations that make them look photographed, photocopied or typed live in
``bench.realworld_degrade``; the files written from them in ``bench.realworld``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from bench.corpus import make_page
from bench.corpus_layout import SANS, SANS_BOLD, SERIF, font, wrap

MONO, MONO_BOLD = "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"
# The subdistricts (kecamatan) of Kota Pariaman and some of their villages.
KECAMATAN = {
    "Pariaman Utara": ["Naras Hilir", "Sikapak Barat", "Tungkal Selatan", "Padang Birik"],
    "Pariaman Tengah": ["Kampung Pondok", "Jawi Jawi", "Karan Aur", "Pasir Pariaman"],
    "Pariaman Timur": ["Sungai Rambai", "Kampung Gadang", "Sintuk", "Cubadak Mentawai"],
    "Pariaman Selatan": ["Marunggi", "Kampung Apar", "Pauh Barat", "Toboh Palabah"],
}
# Region tints; the third is dark, with light lettering on it.
TINTS = [(255, 236, 179), (200, 230, 201), (84, 110, 122), (248, 213, 187)]
LABEL_COLOURS = [(33, 33, 33), (150, 20, 20), (13, 71, 161), (230, 120, 30), (0, 140, 210)]
LIGHT_LABELS = [(255, 255, 255), (255, 235, 59)]


@dataclass(frozen=True)
class Sheet:
    """A drawn page and the words on it in reading order (roughly)."""

    image: Image.Image
    text: str
    dpi: int = 300


class Writer:
    """Draws text on an image and keeps the words drawn, for the ground truth."""

    def __init__(self, image: Image.Image, dpi: int) -> None:
        self.image, self.dpi = image, dpi
        self.draw = ImageDraw.Draw(image)
        self.words: list[str] = []

    def px(self, points: float) -> int:
        return round(points * self.dpi / 72)

    def mm(self, value: float) -> int:
        return round(value / 25.4 * self.dpi)

    def text(
        self, xy: tuple[float, float], text: str, pt: float, fill: object = 0, face: str = SANS
    ) -> float:
        """Draw ``text`` with its top-left at ``xy``; return its width in pixels."""
        f = font(face, self.px(pt))
        self.draw.text(xy, text, font=f, fill=fill)  # type: ignore[arg-type]
        self.words.append(text)
        return f.getlength(text)

    def centred(
        self, xy: tuple[float, float], text: str, pt: float, fill: object, face: str = SANS
    ) -> None:
        f = font(face, self.px(pt))
        self.draw.text(xy, text, font=f, fill=fill, anchor="mm")  # type: ignore[arg-type]
        self.words.append(text)

    def block(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        pt: float,
        face: str = SERIF,
        fill: object = 0,
    ) -> float:
        """A wrapped paragraph; return the y below it."""
        f = font(face, self.px(pt))
        for line in wrap(text, f, width):
            self.draw.text((x, y), line, font=f, fill=fill)  # type: ignore[arg-type]
            self.words.append(line)
            y += self.px(pt) * 1.4
        return y

    def sheet(self) -> Sheet:
        return Sheet(self.image, "\n".join(self.words), self.dpi)


def prose(seed: int, kind: str = "prose") -> str:
    """Body text of a generated Dalam Angka page, without its running header and folio."""
    lines = make_page(seed, kind=kind, dpi=100).text.split("\n")  # type: ignore[arg-type]
    return " ".join(lines[1:-1])


def colour_map(seed: int = 11, dpi: int = 300) -> Sheet:
    """A subdistrict map: tinted regions, labels in dark and coloured lettering, the sea."""
    rng = random.Random(seed)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    grid = _regions(width // 40, height // 40, len(KECAMATAN), rng)
    palette = np.array([(190, 225, 250), *TINTS], dtype=np.uint8)  # 0 is the sea
    small = Image.fromarray(palette[grid], "RGB")
    image = small.resize((width, height), Image.Resampling.NEAREST)
    w = Writer(image, dpi)
    w.draw.rectangle((0, 0, width, w.mm(28)), fill=(255, 255, 255))
    w.text((w.mm(15), w.mm(8)), "PETA WILAYAH KOTA PARIAMAN", 18, (13, 71, 161), SANS_BOLD)
    w.text((w.mm(15), w.mm(18)), "Menurut Kecamatan dan Desa/Kelurahan, 2024", 11, (60, 60, 60))
    w.text((w.mm(6), w.mm(120)), "SAMUDERA HINDIA", 14, (21, 101, 192), SANS_BOLD)
    for region, (name, villages) in enumerate(KECAMATAN.items(), start=1):
        ys, xs = np.nonzero(grid == region)
        cx, cy = float(xs.mean()) * 40, float(ys.mean()) * 40
        dark = sum(TINTS[region - 1]) < 3 * 128
        colours = LIGHT_LABELS if dark else LABEL_COLOURS
        w.centred(
            (cx, cy - w.mm(14)), name.upper(), 12, colours[0] if dark else (150, 20, 20), SANS_BOLD
        )
        for i, village in enumerate(villages):
            colour = colours[(region + i) % len(colours)]
            y = cy + w.mm(2 + 9 * i)
            w.draw.ellipse((cx - w.mm(26), y - 6, cx - w.mm(26) + 12, y + 6), fill=colour)
            w.text((cx - w.mm(23), y - w.px(5.5)), village, 9.5, colour)
    _legend(w, height)
    return w.sheet()


def _regions(cols: int, rows: int, n: int, rng: random.Random) -> np.ndarray:
    """Voronoi regions 1..n on the land (x beyond a wavy coast), 0 for the sea."""
    ys, xs = np.mgrid[0:rows, 0:cols]
    seeds = [(rng.uniform(0.35, 0.9) * cols, (i + 0.5) / n * rows) for i in range(n)]
    dist = np.stack([(xs - sx) ** 2 + (ys - sy) ** 2 for sx, sy in seeds])
    grid = dist.argmin(axis=0) + 1
    coast = cols * (0.22 + 0.04 * np.sin(ys / rows * 9.0))
    grid[xs < coast] = 0
    return grid.astype(np.uint8)


def _legend(w: Writer, height: int) -> None:
    x, y = w.mm(120), height - w.mm(52)
    w.draw.rectangle((x, y, x + w.mm(80), y + w.mm(40)), fill=(255, 255, 255), outline=(0, 0, 0))
    w.text((x + w.mm(4), y + w.mm(3)), "LEGENDA", 10, (0, 0, 0), SANS_BOLD)
    for i, (label, colour) in enumerate(
        zip(
            ["Batas Kecamatan", "Ibukota Desa", "Laut"],
            [(150, 20, 20), (0, 0, 0), (190, 225, 250)],
            strict=True,
        )
    ):
        yy = y + w.mm(11 + 9 * i)
        w.draw.rectangle((x + w.mm(4), yy, x + w.mm(12), yy + w.mm(5)), fill=colour)
        w.text((x + w.mm(16), yy), label, 9.5, (0, 0, 0))


def bar_chart(seed: int = 12, dpi: int = 300) -> Sheet:
    """A bar chart on a tinted plot area: coloured bars, values on and above them."""
    rng = random.Random(seed)
    width, height = round(8.27 * dpi), round(6.5 * dpi)
    w = Writer(Image.new("RGB", (width, height), (255, 255, 255)), dpi)
    w.text(
        (w.mm(12), w.mm(8)),
        "Gambar 4.2 Jumlah Penduduk Menurut Kecamatan",
        13,
        (0, 84, 147),
        SANS_BOLD,
    )
    w.text((w.mm(12), w.mm(16)), "di Kota Pariaman (jiwa), 2020 dan 2024", 10, (80, 80, 80))
    top, bottom, left, right = w.mm(28), height - w.mm(35), w.mm(28), width - w.mm(12)
    w.draw.rectangle((left, top, right, bottom), fill=(232, 240, 250))
    names = list(KECAMATAN)
    slot = (right - left) / len(names)
    for i, name in enumerate(names):
        for j, (year, colour) in enumerate(((2020, (46, 117, 182)), (2024, (237, 125, 49)))):
            value = rng.randint(14_000, 31_000)
            x0 = left + slot * i + slot * (0.15 + 0.36 * j)
            y0 = bottom - (bottom - top) * value / 36_000
            w.draw.rectangle((x0, y0, x0 + slot * 0.32, bottom), fill=colour)
            label = f"{value:,}".replace(",", ".")
            w.centred((x0 + slot * 0.16, y0 - w.mm(4)), label, 9, (30, 30, 30))
            w.centred((x0 + slot * 0.16, y0 + w.mm(6)), str(year), 9, (255, 255, 255), SANS_BOLD)
        w.centred((left + slot * (i + 0.5), bottom + w.mm(6)), name, 10, (0, 0, 0))
    w.text(
        (w.mm(12), height - w.mm(16)),
        "Sumber: BPS Kota Pariaman, Proyeksi Penduduk",
        9,
        (90, 90, 90),
    )
    return w.sheet()


def coloured_headings(seed: int = 13, dpi: int = 300) -> Sheet:
    """A chapter opening: white-on-dark band, coloured headings, a tinted box, body text."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    w = Writer(Image.new("RGB", (width, height), (255, 255, 255)), dpi)
    left, text_width = w.mm(22), width - w.mm(44)
    w.draw.rectangle((0, w.mm(20), width, w.mm(44)), fill=(0, 58, 112))
    w.text((left, w.mm(25)), "BAB 3 PENDUDUK DAN KETENAGAKERJAAN", 17, (255, 255, 255), SANS_BOLD)
    w.text((left, w.mm(35)), "Population and Employment", 11, (255, 214, 0))
    y = float(w.mm(54))
    colours = [(0, 84, 147), (197, 90, 17), (84, 130, 53)]
    for i, colour in enumerate(colours):
        w.text(
            (left, y),
            f"3.{i + 1} {['Penduduk', 'Ketenagakerjaan', 'Pendidikan'][i]}",
            13,
            colour,
            SANS_BOLD,
        )
        y = w.block(left, y + w.px(20), text_width, prose(seed + i)[:520], 10.5) + w.px(10)
    box_top = y
    w.draw.rectangle(
        (left - w.mm(3), box_top, width - w.mm(19), box_top + w.mm(38)), fill=(255, 242, 204)
    )
    w.text((left, box_top + w.mm(3)), "Catatan Teknis", 11, (191, 143, 0), SANS_BOLD)
    w.block(
        left,
        box_top + w.mm(11),
        text_width - w.mm(4),
        prose(seed + 7)[:300],
        9.5,
        SANS,
        (64, 64, 64),
    )
    return w.sheet()


def two_columns(seed: int = 14, dpi: int = 300) -> Sheet:
    """A two-column page of prose under a full-width title."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    w = Writer(Image.new("L", (width, height), 255), dpi)
    w.text((w.mm(20), w.mm(18)), "Tinjauan Ekonomi Kota Pariaman 2024", 16, 0, SANS_BOLD)
    column = (width - w.mm(40) - w.mm(8)) / 2
    text = " ".join(prose(seed + i) for i in range(3))
    face = font(SERIF, w.px(10))
    lines = wrap(text, face, column)
    per_column = int((height - w.mm(60)) / (w.px(10) * 1.4))
    for c in range(2):
        y = float(w.mm(34))
        for line in lines[c * per_column : (c + 1) * per_column]:
            w.draw.text((w.mm(20) + c * (column + w.mm(8)), y), line, font=face, fill=0)
            w.words.append(line)
            y += w.px(10) * 1.4
    return w.sheet()


def landscape_table(seed: int = 15, dpi: int = 300) -> Sheet:
    """A wide table on a landscape page (stored upright; the file turns it)."""
    rng = random.Random(seed)
    width, height = round(11.69 * dpi), round(8.27 * dpi)
    w = Writer(Image.new("L", (width, height), 255), dpi)
    w.text(
        (w.mm(20), w.mm(15)),
        "Tabel 5.1.3 Luas Panen dan Produksi Padi Menurut Desa, 2024",
        12,
        0,
        SANS_BOLD,
    )
    heads = [
        "Desa/Kelurahan",
        "Luas Tanam",
        "Luas Panen",
        "Produksi",
        "Produktivitas",
        "Petani",
        "Irigasi",
    ]
    xs = [w.mm(20), w.mm(95), w.mm(130), w.mm(165), w.mm(200), w.mm(235), w.mm(262)]
    y = w.mm(28)
    for x, head in zip(xs, heads, strict=True):
        w.text((x, y), head, 9.5, 0, SANS_BOLD)
    w.draw.line((w.mm(20), y + w.mm(7), width - w.mm(20), y + w.mm(7)), fill=0, width=3)
    y += w.mm(10)
    villages = [v for vs in KECAMATAN.values() for v in vs]
    for village in villages:
        cells = [village, *(f"{rng.randint(10, 980)},{rng.randint(0, 99):02d}" for _ in range(6))]
        for x, cell in zip(xs, cells, strict=True):
            w.text((x, y), cell, 9.5, 0, SANS if x == xs[0] else MONO)
        y += w.mm(8.5)
    return w.sheet()


def stamped(seed: int = 16, dpi: int = 300) -> Sheet:
    """A letter page with a round purple stamp and a blue signature over its text.

    The stamp's and signature's own lettering is not in the ground truth: only the
    printed text under them is.
    """
    page = make_page(seed, kind="prose", dpi=dpi)
    image = page.image.convert("RGB")
    draw = ImageDraw.Draw(image)
    cx, cy, r = image.width * 0.66, image.height * 0.55, dpi * 0.7
    for k in range(3):
        draw.ellipse(
            (cx - r + k * 18, cy - r + k * 18, cx + r - k * 18, cy + r - k * 18),
            outline=(106, 27, 154),
            width=6,
        )
    draw.text(
        (cx, cy),
        "BPS KOTA PARIAMAN",
        font=font(SANS_BOLD, dpi // 9),
        fill=(106, 27, 154),
        anchor="mm",
    )
    rng = random.Random(seed)
    points = [
        (
            image.width * 0.25 + i * 14,
            image.height * 0.62 + 60 * np.sin(i / 6.0) + rng.uniform(-8, 8),
        )
        for i in range(70)
    ]
    draw.line(points, fill=(21, 67, 196), width=7, joint="curve")
    return Sheet(image, page.text, dpi)


def small_card(seed: int, dpi: int, size_in: tuple[float, float]) -> Sheet:
    """A small printed area (a card, a clipping) at a given resolution: a title and prose."""
    width, height = round(size_in[0] * dpi), round(size_in[1] * dpi)
    w = Writer(Image.new("L", (width, height), 255), dpi)
    margin = w.mm(6)
    w.text((margin, margin), "Ringkasan Statistik", 12, 0, SANS_BOLD)
    top, face = margin + w.px(22), font(SERIF, w.px(9.5))
    words = prose(seed).split()
    while len(wrap(" ".join(words), face, width - 2 * margin)) * w.px(9.5) * 1.4 > (
        height - margin - top
    ):
        words = words[:-5]  # only what fits the card is drawn, and is the truth
    w.block(margin, top, width - 2 * margin, " ".join(words), 9.5)
    return w.sheet()
