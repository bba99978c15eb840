"""BPS-style table pages with every cell known, for the table-extraction benchmark.

A page holds one or two tables drawn from the corpus's topics (``corpus_tables``) and
varied the way BPS publications vary: ruled all round or only top/bottom, a merged
two-level header, row labels that wrap (figures on the first or the last line),
totals rows, footnotes, dashes and ellipses, negative numbers and percentages. Pages
are laid out once in millimetres (``table_draw``) and drawn both as a 300 dpi image
(scanned) and as a PDF with real text and ruling lines (born digital).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.corpus_data import SECTORS, fmt_dec
from bench.corpus_prose import TOPICS
from bench.corpus_tables import TABLES

SPAN_TEXTS = (
    ["Jumlah", "Number"],
    ["Banyaknya", "Quantity"],
    ["Tahun", "Year"],
    ["Penduduk", "Population"],
)
NOTES = (
    "Catatan/Note: Angka sementara/Preliminary figures",
    "*) Angka diperbaiki/Revised figures",
    "Catatan/Note: - tidak ada/nil; … data tidak tersedia/not available",
)


@dataclass
class TableSpec:
    """One table as it will be printed, and so the ground truth of its extraction."""

    number: str
    title: str
    title_en: str
    headers: list[list[str]]  # header lines of each column (its own, under any span)
    spans: list[tuple[int, int, list[str]]]  # merged upper header: first, last, lines
    rows: list[list[str]]  # printed cells, row label first
    totals: list[int]
    source: str
    notes: list[str] = field(default_factory=list)
    bordered: bool = False
    figures_on_last_line: bool = False  # where figures sit beside a wrapped label
    label_width: float = 0.0  # mm; 0 = as wide as the longest label needs

    @property
    def columns(self) -> int:
        return len(self.headers)

    def column_names(self) -> list[str]:
        """The flat header name of each column, as the extractor reports it."""
        names = []
        for c, own in enumerate(self.headers):
            over = [" ".join(lines) for a, b, lines in self.spans if a <= c <= b]
            names.append(" ".join([*over, *own]))
        return names


def growth(rng: random.Random, number: str, year: int) -> TableSpec:
    """Growth rates by industry: long labels, negative numbers, optional "%" signs."""
    years = [str(year - 2), str(year - 1), str(year)]
    suffix = "%" if rng.random() < 0.4 else ""
    rows = [
        [name, *(fmt_dec(rng.uniform(-6.0, 12.0)) + suffix for _ in years)]
        for name in rng.sample(SECTORS, 10)
    ]
    rows.append(["PDRB", *(fmt_dec(rng.uniform(-2.0, 7.0)) + suffix for _ in years)])
    return TableSpec(
        number,
        "Laju Pertumbuhan Produk Domestik Regional Bruto Atas Dasar Harga Konstan 2010 "
        "Menurut Lapangan Usaha (persen)",
        "Growth Rate of Gross Regional Domestic Product at 2010 Constant Market Prices by "
        "Industry (percent)",
        [["Lapangan Usaha", "Industry"], [years[0]], [years[1]], [f"{years[2]}*)"]],
        [],
        rows,
        [len(rows) - 1],
        "Sumber/Source: BPS Kota Pariaman",
        ["*) Angka sementara/Preliminary figures"],
    )


def from_corpus(rng: random.Random, number: str, year: int) -> TableSpec:
    """A table of the corpus's topics (population, schools, rice, CPI …)."""
    key = rng.choice(list(TABLES))
    make = rng.choice(TABLES[key])
    block = make(TOPICS[key].facts(rng, year), number)
    rows = [list(r) for r in block.rows]
    totals = []
    if block.total:
        totals = [len(rows)]
        rows.append(list(block.total) + [""] * (len(block.headers) - len(block.total)))
    return TableSpec(
        block.number,
        block.title,
        block.title_en,
        [list(h) for h in block.headers],
        [],
        rows,
        totals,
        block.source.replace("Sumber:", "Sumber/Source:"),
    )


def vary(spec: TableSpec, rng: random.Random) -> TableSpec:
    """Borders, a merged header, wrapped labels, footnotes and missing values."""
    spec.bordered = rng.random() < 0.5
    spec.figures_on_last_line = rng.random() < 0.4
    numeric = spec.columns - 1
    if numeric >= 3 and rng.random() < 0.5:
        first = rng.randint(1, spec.columns - 2)
        last = rng.randint(first + 1, min(spec.columns - 1, first + 2))
        spec.spans.append((first, last, list(rng.choice(SPAN_TEXTS))))
        for c in range(first, last + 1):  # the span names the group: keep one line each
            spec.headers[c] = spec.headers[c][:1] + spec.headers[c][2:]
    if rng.random() < 0.45:
        spec.label_width = rng.uniform(30.0, 42.0)
    if rng.random() < 0.5 and not spec.notes:
        spec.notes.append(rng.choice(NOTES))
    if rng.random() < 0.35:
        for _ in range(rng.randint(1, 3)):
            r = rng.randrange(len(spec.rows))
            c = rng.randint(1, spec.columns - 1)
            if r not in spec.totals and spec.rows[r][c]:
                spec.rows[r][c] = rng.choice(["…", "-"])
    return spec


def page_tables(seed: int) -> list[TableSpec]:
    """The tables of one page: one, sometimes two small ones, numbered in order."""
    rng = random.Random(f"tables:{seed}")
    chapter, first = rng.randint(2, 11), rng.randint(1, 9)
    year = rng.choice([2021, 2022, 2023])
    count = 2 if rng.random() < 0.3 else 1
    specs = []
    for i in range(count):
        number = f"{chapter}.{first + i}"
        make = growth if rng.random() < 0.25 else from_corpus
        spec = make(rng, number, year)
        specs.append(vary(spec, rng))
    return specs
