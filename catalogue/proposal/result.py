"""What a proposal is made of: fields with their value, evidence and confidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.proposal.pages import Box, Line, Word

# In the order the confirm screen shows them.
FIELDS = (
    "title",
    "title_en",
    "year",
    "period",
    "catalogue_number",
    "publication_number",
    "issn",
    "issn_electronic",
    "isbn",
    "area_code",
    "area_name",
    "kind",
    "subjects",
)


@dataclass(frozen=True)
class Evidence:
    """A word the value was read from: its page and box (None for text-only pages)."""

    page: int
    box: Box | None
    text: str


@dataclass(frozen=True)
class Field:
    name: str
    value: str = ""  # "" when nothing was found: never a guess
    confidence: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    note: str = ""  # how it was found, for the librarian

    @property
    def found(self) -> bool:
        return bool(self.value)


@dataclass(frozen=True)
class Proposal:
    fields: dict[str, Field] = field(default_factory=dict)

    def value(self, name: str) -> str:
        return self.fields[name].value if name in self.fields else ""

    def get(self, name: str) -> Field:
        return self.fields.get(name) or Field(name)

    def as_values(self) -> dict[str, str]:
        return {name: self.value(name) for name in FIELDS}


def evidence_of(page: int, words: list[Word] | tuple[Word, ...]) -> tuple[Evidence, ...]:
    return tuple(Evidence(page, word.box, word.text) for word in words)


def mean_confidence(words: list[Word] | tuple[Word, ...]) -> float:
    return sum(word.confidence for word in words) / len(words) if words else 0.0


def line_evidence(page: int, lines: list[Line]) -> tuple[Evidence, ...]:
    return tuple(e for line in lines for e in evidence_of(page, line.words))
