"""The title and English title: read where BPS prints them, and agreed between pages.

The imprint page opens with the title (then the English title) above its labels; the
title page and the cover print it largest. A title found on two pages is trusted more;
a title printed in capitals everywhere is given title case (acronyms kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalogue.proposal.pages import Line, PageText
from catalogue.proposal.reference import (
    ACRONYMS,
    BOILERPLATE,
    ENGLISH_WORDS,
    INDONESIAN_WORDS,
    LABEL,
    PERIOD,
    SMALL_WORDS,
    TITLE_WITH_YEAR,
)
from catalogue.proposal.result import Field, line_evidence, mean_confidence

_YEAR_ONLY = re.compile(r"^(19|20)\d{2}$")
_EDGE_JUNK = re.compile(r"^[^\wÀ-ÿ]+|[^\wÀ-ÿ.)]+$")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")


def clean_text(text: str) -> str:
    """A line without the specks OCR reads at its edges (quotes, bars, lone letters)."""
    tokens = [t for t in text.split() if re.search(r"[\wÀ-ÿ]", t)]
    while tokens and len(tokens[-1]) == 1 and tokens[-1].islower() and len(tokens) > 1:
        tokens.pop()
    while tokens and len(tokens[0]) == 1 and not tokens[0].isalnum():
        tokens.pop(0)
    return _EDGE_JUNK.sub("", " ".join(tokens)).strip()


def language_of(text: str) -> str:
    """The language of ``text`` ("en", "id" or ""), by words typical of each."""
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in ENGLISH_WORDS for w in words)
    indonesian = sum(w in INDONESIAN_WORDS for w in words)
    if english > indonesian:
        return "en"
    return "id" if indonesian or words else ""


def is_period(text: str) -> bool:
    return bool(_YEAR_ONLY.match(text) or PERIOD.match(text))


def is_boilerplate(text: str) -> bool:
    return bool(BOILERPLATE.match(text) or LABEL.search(text) or not _WORD.search(text))


@dataclass
class _Block:
    """Consecutive lines of one page that make up a title (and, after it, its English)."""

    page: int
    lines: list[Line]
    english: list[Line]
    height: int

    @property
    def text(self) -> str:
        return " ".join(clean_text(line.text) for line in self.lines).strip()

    @property
    def english_text(self) -> str:
        return " ".join(clean_text(line.text) for line in self.english).strip()


def _block(page: PageText, lines: list[Line], *, by_size: bool) -> _Block | None:
    """The title lines among ``lines``: the first run of Indonesian, title-sized lines."""
    usable = [
        line
        for line in lines
        if clean_text(line.text)
        and (is_period(clean_text(line.text)) or not is_boilerplate(line.text))
    ]
    if by_size and any(line.height for line in usable):
        tallest = max(
            (line.height for line in usable if not is_period(clean_text(line.text))), default=0
        )
        sized = [line for line in usable if line.height >= 0.72 * tallest]
    else:
        sized, tallest = usable, 0
    title: list[Line] = []
    english: list[Line] = []
    closed = False  # the title is complete: only its English may follow
    for line in usable:
        text = clean_text(line.text)
        if is_period(text):
            wrapped_year = title and not closed and _YEAR_ONLY.match(text)
            if wrapped_year and TITLE_WITH_YEAR.search(_joined(title)):
                title.append(line)  # "… Dalam Angka" wrapped, or its year printed apart
            closed = closed or bool(title)
            continue
        if language_of(text) == "en" and title:
            english.append(line)
            closed = True
            continue
        if closed or english:
            break
        if line in sized:
            title.append(line)
        elif title:
            closed = True
    if not title:
        return None
    return _Block(page.number, title, english, tallest)


def _joined(lines: list[Line]) -> str:
    return " ".join(clean_text(line.text) for line in lines)


def _imprint_block(page: PageText) -> _Block | None:
    head: list[Line] = []
    for line in page.lines:
        if LABEL.search(line.text):
            break
        head.append(line)
    return _block(page, head, by_size=False)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower())) + " " + " ".join(re.findall(r"\d+", text))


def _agrees(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return bool(ka.strip() and kb.strip()) and kb in ka


def _year_after(title: str, other: str) -> str:
    """The year ``other`` adds at the end of ``title`` ("…Sensus Penduduk" + "2020")."""
    mine, theirs = re.findall(r"\w+", title.casefold()), re.findall(r"\w+", other.casefold())
    extended = len(theirs) == len(mine) + 1 and theirs[: len(mine)] == mine
    return theirs[-1] if extended and _YEAR_ONLY.match(theirs[-1]) else ""


def title_case(text: str) -> str:
    """Title case for a title OCR'd from capitals: small words lower, acronyms kept."""
    if any(ch.islower() for ch in text):
        return text
    words = []
    for index, word in enumerate(text.split()):
        bare = word.strip(":,.")
        if bare in ACRONYMS or any(ch.isdigit() for ch in bare):
            words.append(word)
        elif index and word.lower() in SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(word[:1] + word[1:].lower())
    return " ".join(words)


def find_titles(
    pages: list[PageText],
    *,
    imprint: PageText | None,
    cover: PageText | None,
    title_page: PageText | None,
) -> tuple[Field, Field]:
    """The proposed title and English title, each with its lines as evidence."""
    blocks = []
    if imprint is not None:
        blocks.append(_imprint_block(imprint))
    for page in (title_page, cover):
        if page is not None:
            blocks.append(_block(page, list(page.lines), by_size=True))
    found = [block for block in blocks if block is not None and len(block.text) > 3]
    if not found:
        return Field("title"), Field("title_en")
    chosen = found[0]
    agreeing = [b for b in found[1:] if _agrees(chosen.text, b.text)]
    text = chosen.text
    mixed = [b.text for b in [chosen, *agreeing] if any(ch.islower() for ch in b.text)]
    if mixed and _key(mixed[0]) == _key(text):
        text = mixed[0]
    text = title_case(text)
    year = next((y for b in found[1:] if (y := _year_after(chosen.text, b.text))), "")
    if year:  # another page prints the title with its year on the same line: wrapped here
        text, agreeing = f"{text} {year}", [*agreeing, found[0]]
    words = [w for line in chosen.lines for w in line.words]
    confidence = (0.6 + 0.15 * min(2, len(agreeing))) * max(0.5, mean_confidence(words))
    title = Field(
        "title",
        text,
        round(confidence, 2),
        line_evidence(chosen.page, chosen.lines),
        f"halaman/page {chosen.page}; sama di {len(agreeing)} halaman lain / "
        f"agrees with {len(agreeing)} other page(s)",
    )
    english = next((b for b in found if b.english), None)
    if english is None:
        return title, Field("title_en")
    en_words = [w for line in english.english for w in line.words]
    return title, Field(
        "title_en",
        title_case(english.english_text),
        round(0.8 * mean_confidence(en_words), 2),
        line_evidence(english.page, english.english),
        f"halaman/page {english.page}",
    )
