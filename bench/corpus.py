"""Reproducible synthetic pages of BPS Kota Pariaman publications, with exact ground truth.

``make_page`` draws a page of "Kota Pariaman Dalam Angka" (Indonesian prose, BPS-style
numeric tables, or both) from a seed; ``degrade`` makes it look scanned; ``standard_set``
is the benchmark mix. Writers for PNG/TIFF/JPEG and scanned, born-digital and mixed PDFs
live in ``bench.corpus_files`` and are re-exported here.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.corpus_degrade import degrade
from bench.corpus_files import (
    assemble_pdf,
    born_digital_pdf,
    images_to_scanned_pdf,
    write_jpeg,
    write_png,
    write_tiff,
)
from bench.corpus_layout import SANS, SERIF, Canvas, Style, folio, heading, paragraph
from bench.corpus_layout import running_header as draw_running_header
from bench.corpus_prose import TOPICS, Topic, paragraphs
from bench.corpus_table_layout import table
from bench.corpus_tables import TABLES
from bench.corpus_types import KINDS, PAGE_SIZES_MM, Block, GeneratedPage, Heading, Kind, Paragraph

__all__ = [
    "KINDS",
    "PAGE_SIZES_MM",
    "GeneratedPage",
    "Kind",
    "born_digital_pdf",
    "degrade",
    "images_to_scanned_pdf",
    "make_page",
    "mixed_pdf",
    "mixed_pdf_pages",
    "standard_set",
    "write_jpeg",
    "write_png",
    "write_tiff",
]


def make_page(seed: int, *, kind: Kind, dpi: int = 300, size: str = "A4") -> GeneratedPage:
    """A clean greyscale page drawn from ``seed``: same seed, kind, dpi and size, same pixels."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if size not in PAGE_SIZES_MM:
        raise ValueError(f"size must be one of {sorted(PAGE_SIZES_MM)}, not {size!r}")
    rng = random.Random(f"{seed}:{kind}")
    style = Style(
        body_font=rng.choice([SANS, SERIF]),
        body_pt=rng.choice([10.0, 10.5, 11.0]),
        table_pt=rng.choice([8.0, 8.5, 9.0]),
        leading=round(rng.uniform(1.3, 1.45), 2),
        justify=rng.random() < 0.7,
    )
    year = rng.choice([2021, 2022, 2023])
    canvas = Canvas(size, dpi, style)
    draw_running_header(canvas, f"Kota Pariaman Dalam Angka {year + 1}")
    render(canvas, blocks(rng, kind, year), skip_tables=kind == "table")
    folio(canvas, rng.randint(12, 320))
    text = "\n".join(canvas.lines)
    return GeneratedPage(
        image=canvas.image,
        text=text,
        words=text.split(),
        digits="".join(canvas.digits),
        dpi=dpi,
        kind=kind,
        seed=seed,
        size=size,
    )


def render(canvas: Canvas, content: Iterable[Block], *, skip_tables: bool = False) -> None:
    """Place blocks until one does not fit (a paragraph may be cut between lines).

    With ``skip_tables`` a table that does not fit is passed over for a later, smaller
    one (a table page holds only tables after its first heading).
    """
    for block in content:
        if isinstance(block, Heading):
            placed = heading(canvas, block)
        elif isinstance(block, Paragraph):
            placed = paragraph(canvas, block)
        else:
            placed = table(canvas, block) or skip_tables
        if not placed:
            return


def section_number(topic: Topic) -> str:
    """'3.2' for the second topic of chapter 3."""
    same = [t.key for t in TOPICS.values() if t.chapter == topic.chapter]
    return f"{topic.chapter}.{same.index(topic.key) + 1}"


def blocks(rng: random.Random, kind: Kind, year: int) -> Iterator[Block]:
    """The page's content, topic after topic, more than a page can hold."""
    keys = list(TOPICS)
    start = rng.randrange(len(keys))
    chapter = 0 if rng.random() < 0.5 else TOPICS[keys[start]].chapter
    numbers: dict[int, int] = {}
    for key in keys[start:] + keys[:start]:
        topic = TOPICS[key]
        facts: dict[str, Any] = topic.facts(rng, year)
        if topic.chapter != chapter:
            if kind != "table" or not chapter:  # table pages: a heading only at the top
                yield Heading(f"BAB {topic.chapter} {topic.chapter_title}", 1)
            chapter = topic.chapter
        first = numbers.setdefault(chapter, rng.randint(1, 5))
        tables = [make(facts, f"{chapter}.{first + i}") for i, make in enumerate(TABLES[topic.key])]
        numbers[chapter] = first + len(tables)
        text = paragraphs(topic, facts, rng)
        if kind == "table":
            yield from tables
            continue
        yield Heading(f"{section_number(topic)} {topic.section}", 2)
        if kind == "prose":
            yield from text
        else:
            yield from text[:1]
            yield tables[rng.randrange(len(tables))]
            yield from text[1:]


def standard_set(n_pages: int, seed: int = 1377, *, dpi: int = 300) -> list[GeneratedPage]:
    """The benchmark mix, in blocks of six pages: clean, skewed 1-4° (either way), turned
    90° or 180°, clean, skewed, noisy (0.5-1.0). Each block holds every kind twice and
    the kinds rotate over the variants from block to block, so 18 pages are balanced."""
    rng = random.Random(seed)
    pages: list[GeneratedPage] = []
    block = 0
    while len(pages) < n_pages:
        a, b, c = (KINDS[(block + i) % len(KINDS)] for i in range(3))
        slots = [("clean", a), ("skew", b), ("rotate", c), ("clean", b), ("skew", c), ("noise", a)]
        for variant, kind in slots[: n_pages - len(pages)]:
            page = make_page(rng.randrange(2**31), kind=kind, dpi=dpi)
            pages.append(apply_variant(page, variant, rng))
        block += 1
    return pages


def apply_variant(page: GeneratedPage, variant: str, rng: random.Random) -> GeneratedPage:
    """One of the standard degradations, its parameters drawn from ``rng``."""
    noise_seed = rng.randrange(2**31)
    if variant == "skew":
        angle = round(rng.uniform(1.0, 4.0), 2) * rng.choice([-1, 1])
        return degrade(page, skew_degrees=angle, seed=noise_seed)
    if variant == "rotate":
        return degrade(page, rotate=rng.choice([90, 180]), seed=noise_seed)
    if variant == "noise":
        return degrade(page, noise=round(rng.uniform(0.5, 1.0), 2), seed=noise_seed)
    return page


def mixed_pdf_pages(n_pages: int = 5, seed: int = 2024, dpi: int = 300) -> list[GeneratedPage]:
    """The ground truth of ``mixed_pdf``'s pages: page i (1-based) is kind KINDS[(i-1) % 3]."""
    return [make_page(seed + i, kind=KINDS[i % len(KINDS)], dpi=dpi) for i in range(n_pages)]


def mixed_pdf(
    path: Path | str,
    *,
    n_pages: int = 5,
    scanned: Sequence[int] | None = None,
    seed: int = 2024,
    dpi: int = 300,
) -> list[int]:
    """A PDF whose pages are born-digital text or scanned images; returns the scanned pages.

    Page numbers are 1-based; by default the even pages are scanned. Every page's content
    (text or image) is ``mixed_pdf_pages(n_pages, seed, dpi)[i]``.
    """
    pages = mixed_pdf_pages(n_pages, seed, dpi)
    chosen = sorted(set(scanned if scanned is not None else range(2, n_pages + 1, 2)))
    if any(not 1 <= n <= n_pages for n in chosen):
        raise ValueError(f"scanned page numbers must be within 1..{n_pages}: {chosen}")
    with tempfile.TemporaryDirectory(prefix="mixed-pdf-") as tmp:
        parts = []
        for number, page in enumerate(pages, start=1):
            part = Path(tmp) / f"{number:04d}.pdf"
            if number in chosen:
                images_to_scanned_pdf([page], part)
            else:
                born_digital_pdf([page.text], part)
            parts.append(part)
        assemble_pdf(parts, path)
    return chosen
