"""BPS catalogue and publication numbers, ISSN and ISBN, found line by line.

OCR reads digits as letters now and then (O for 0, l for 1): in tokens that are mostly
digits such letters are read back as digits first (same length, so the words that were
matched stay known). A value next to its label ("Nomor Katalog/Catalog Number:") is
preferred to one found elsewhere; an ISSN or ISBN whose check digit fails is not one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from catalogue.proposal.identifiers import isbn_valid, issn_format, issn_valid
from catalogue.proposal.pages import Line, PageText
from catalogue.proposal.result import Field, evidence_of, mean_confidence

_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "Q": "0",
        "D": "0",
        "l": "1",
        "I": "1",
        "|": "1",
        "i": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
    }
)
_TOKEN = re.compile(r"\S+")

CATALOGUE = re.compile(r"(?<![\d.])(\d{7})\s?[.,]\s?(\d{7}|\d{4}|\d{2})(?![\d])")
CATALOGUE_GLUED = re.compile(r"(?<![\d.])1(\d{7})\s?[.,]\s?(\d{7}|\d{4}|\d{2})(?![\d])")
# Next to its label only: the colon read as "1", the dot lost ("Publikasi 1137702311").
PUBLICATION_GLUED = re.compile(r"(?<![\d.])1?(\d{5})[.,]?(\d{4})(?![\d.])")
PUBLICATION = re.compile(r"(?<![\d.])(\d{5})\s?[.,]\s?(\d{4})(?![\d.])")
ISSN = re.compile(r"(?<![\d-])(\d{4})\s?[-–—‐]\s?(\d{3}[\dXx])(?![\d])")
ISBN13 = re.compile(r"(?<!\d)(97[89](?:[\s\-–]?\d){10})(?!\d)")
ISBN10 = re.compile(r"(?<!\d)((?:\d[\s\-–]?){9}[\dXx])(?![\dXx])")

LABELS = {
    "catalogue_number": re.compile(r"katalog|catalog", re.IGNORECASE),
    "publication_number": re.compile(r"publikasi|publication", re.IGNORECASE),
    "issn": re.compile(r"issn", re.IGNORECASE),
    "issn_electronic": re.compile(r"e-?issn|elektronik|online", re.IGNORECASE),
    "isbn": re.compile(r"isbn", re.IGNORECASE),
}


def digit_view(text: str) -> str:
    """``text`` with digit look-alikes read as digits inside mostly-digit tokens."""
    out = list(text)
    for token in _TOKEN.finditer(text):
        chars = token.group()
        digits = sum(ch.isdigit() for ch in chars)
        letters = sum(ch.isalpha() for ch in chars)
        if digits >= 4 and letters <= max(1, digits // 4):
            out[token.start() : token.end()] = chars.translate(_LOOKALIKES)
    return "".join(out)


@dataclass(frozen=True)
class _Hit:
    value: str
    page: int
    line: Line
    span: tuple[int, int]
    labelled: bool


def _hits(
    pages: Iterable[PageText],
    pattern: re.Pattern[str],
    label: re.Pattern[str],
    clean: Callable[[re.Match[str]], str | None],
) -> list[_Hit]:
    found = []
    for page in pages:
        previous = ""
        for line in page.lines:
            view = digit_view(line.text)
            for match in pattern.finditer(view):
                value = clean(match)
                if value:
                    labelled = bool(label.search(view[: match.start()]) or label.search(previous))
                    found.append(_Hit(value, page.number, line, match.span(), labelled))
            previous = line.text if not pattern.search(view) else ""
    return found


def _best(name: str, hits: list[_Hit], note: str) -> Field:
    if not hits:
        return Field(name)
    labelled = [hit for hit in hits if hit.labelled]
    pool = labelled or hits
    counts: dict[str, int] = {}
    for hit in pool:
        counts[hit.value] = counts.get(hit.value, 0) + 1
    value = max(
        counts, key=lambda v: (counts[v], -next(i for i, h in enumerate(pool) if h.value == v))
    )
    chosen = next(hit for hit in pool if hit.value == value)
    words = chosen.line.words_in(*chosen.span)
    confidence = (0.95 if labelled else 0.7) * max(0.5, mean_confidence(words))
    if len(counts) > 1:
        confidence *= 0.8  # several different values: the librarian should look
    return Field(
        name,
        value,
        round(confidence, 2),
        evidence_of(chosen.page, words),
        note if labelled else f"{note} (tanpa label / no label)",
    )


def catalogue_number(pages: list[PageText]) -> Field:
    label, value = LABELS["catalogue_number"], lambda m: f"{m[1]}.{m[2]}"
    hits = _hits(pages, CATALOGUE, label, value)
    if not hits:  # "Katalog : 1102001.1377" read as "Katalog 11102001.1377": the colon as 1
        hits = [hit for hit in _hits(pages, CATALOGUE_GLUED, label, value) if hit.labelled]
    return _best("catalogue_number", hits, "Nomor Katalog / Catalog Number")


def publication_number(pages: list[PageText]) -> Field:
    label, value = LABELS["publication_number"], lambda m: f"{m[1]}.{m[2]}"
    hits = _hits(pages, PUBLICATION, label, value)
    if not hits:
        hits = [hit for hit in _hits(pages, PUBLICATION_GLUED, label, value) if hit.labelled]
    return _best("publication_number", hits, "Nomor Publikasi / Publication Number")


def _issn(match: re.Match[str]) -> str | None:
    code = (match[1] + match[2]).upper()
    return issn_format(code) if issn_valid(code) else None


def issns(pages: list[PageText]) -> tuple[Field, Field]:
    """The print ISSN and the electronic one (labelled e-ISSN), each checked."""
    hits = [hit for hit in _hits(pages, ISSN, LABELS["issn"], _issn) if hit.labelled]
    electronic = LABELS["issn_electronic"]
    online = [hit for hit in hits if electronic.search(hit.line.text)]
    printed = [hit for hit in hits if hit not in online]
    return _best("issn", printed, "ISSN"), _best("issn_electronic", online, "e-ISSN")


def _isbn(match: re.Match[str]) -> str | None:
    code = re.sub(r"[\s\-–]", "", match[1]).upper()
    return code if isbn_valid(code) else None


def isbn(pages: list[PageText]) -> Field:
    hits = _hits(pages, ISBN13, LABELS["isbn"], _isbn)
    if not hits:
        hits = [hit for hit in _hits(pages, ISBN10, LABELS["isbn"], _isbn) if hit.labelled]
    return _best("isbn", hits, "ISBN")
