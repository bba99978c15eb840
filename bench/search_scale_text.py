"""Page texts for the search-at-scale bench: an office's collection, reproducible by seed.

Each page is 150–400 words of what OCR gives back from a BPS publication: headings,
Indonesian statistical prose and tables flattened to lines of names and numbers (the
bench corpus generators, so the vocabulary is the one the pipeline bench reads), with a
light sprinkle of OCR letter confusions. The confusions matter for the index, not for
realism alone: every misread word is a new term in Meilisearch's dictionary, and real
OCR text has many of them; clean generated text would make the index look smaller and
faster than it will be.

Texts are a pure function of (seed, publication number, page number), so a test can
regenerate any page without the rest of the run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from bench.corpus import blocks
from bench.corpus_types import Block, Heading, Kind, Paragraph

WORDS_MIN, WORDS_MAX = 150, 400
NOISE = 0.015  # share of words with one OCR letter confusion (≈ a 98.5 % word accuracy)
CONFUSIONS = {
    "l": "1",
    "i": "l",
    "o": "0",
    "O": "0",
    "e": "c",
    "m": "rn",
    "n": "u",
    "a": "o",
    "S": "5",
    "B": "8",
    "t": "f",
    "h": "b",
}
STYLES: tuple[Kind, ...] = ("prose", "table", "mixed")


def block_lines(block: Block) -> list[str]:
    """A block as OCR text lines: a heading or paragraph, or a table row by row."""
    if isinstance(block, Heading | Paragraph):
        return [block.text]
    rows = [" ".join(h) for h in block.headers] + [" ".join(r) for r in block.rows]
    return [f"Tabel {block.number} {block.title}", *rows]


def _lines(rng: random.Random, style: Kind, year: int) -> Iterator[str]:
    while True:  # ``blocks`` runs through every topic once; a long page starts over
        for block in blocks(rng, style, year):
            yield from block_lines(block)


def misread(word: str, rng: random.Random) -> str:
    """The word with one letter OCR commonly confuses replaced (unchanged if none)."""
    spots = [i for i, ch in enumerate(word) if ch in CONFUSIONS]
    if not spots:
        return word
    i = rng.choice(spots)
    return word[:i] + CONFUSIONS[word[i]] + word[i + 1 :]


def page_text(rng: random.Random, style: Kind, year: int) -> str:
    """One page: lines until a word count drawn from 150–400, the last line cut there."""
    target = rng.randint(WORDS_MIN, WORDS_MAX)
    out: list[str] = []
    count = 0
    for line in _lines(rng, style, year):
        words = line.split()
        words = words[: target - count]
        words = [misread(w, rng) if rng.random() < NOISE else w for w in words]
        out.append(" ".join(words))
        count += len(words)
        if count >= target:
            break
    return "\n".join(out)


def publication_rng(seed: int, publication: int) -> random.Random:
    """One generator per publication: any publication's pages can be made alone."""
    return random.Random(f"pustaka-search-scale:{seed}:{publication}")


def publication_pages(seed: int, publication: int, year: int, count: int) -> Iterator[str]:
    """The ``count`` page texts of publication number ``publication`` in the run."""
    rng = publication_rng(seed, publication)
    style = STYLES[rng.randrange(len(STYLES))]
    for _ in range(count):
        yield page_text(rng, style, year)
