"""``propose``: the whole record from a softcopy's first pages.

Which page is which is decided from the text: the imprint page is the one with several
imprint labels (catalogue number, ISSN, book size, publisher …), the cover is the first
page, the title page a short page between them. Only the first ``FRONT_PAGES`` pages are
read, so the body of the publication (tables full of years and numbers) cannot be
mistaken for its record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from catalogue.proposal import numbers
from catalogue.proposal.pages import PageText
from catalogue.proposal.reference import AREAS, KIND_RULES, LABEL, SUBJECT_RULES
from catalogue.proposal.result import FIELDS, Field, Proposal, evidence_of, mean_confidence
from catalogue.proposal.title import clean_text, find_titles, is_period

FRONT_PAGES = 5
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_COPYRIGHT = re.compile(r"(hak cipta|copyright|©)\D{0,12}((?:19|20)\d{2})", re.IGNORECASE)


def _roles(pages: list[PageText]) -> tuple[PageText | None, PageText | None, PageText | None]:
    """(cover, title page, imprint page) among the front pages; any may be missing."""
    imprint = None
    for page in pages:
        labels = {m.group(0).lower() for line in page.lines for m in LABEL.finditer(line.text)}
        if len(labels) >= 2 and imprint is None:
            imprint = page
    cover = pages[0] if pages and pages[0] is not imprint else None
    title_page = next(
        (
            p
            for p in pages[1:]
            if p is not imprint
            and 0 < len(p.lines) <= 12
            and (imprint is None or p.number < imprint.number)
        ),
        None,
    )
    return cover, title_page, imprint


def _standalone_year(pages: list[PageText | None], support: list[str]) -> tuple[str, Field]:
    """A line that is only a year or a period (big on covers): its text and year field.

    A cover may print a wrapped title's year ("… Sensus Penduduk" / "2020") above its own
    ("2023"): of several, the one the imprint supports (copyright year, publication
    number) wins, else the last.
    """
    found = _year_lines(pages)
    if not found:
        return "", Field("year")
    return max(reversed(found), key=lambda item: support.count(item[1].value))


def _year_lines(pages: list[PageText | None]) -> list[tuple[str, Field]]:
    found = []
    for page in pages:
        if page is None:
            continue
        for line in page.lines:
            text = clean_text(line.text)
            if is_period(text):
                year = _YEAR.findall(text)[-1]
                words = [w for w in line.words if year in w.text] or list(line.words)
                field = Field(
                    "year",
                    year,
                    round(0.8 * mean_confidence(words), 2),
                    evidence_of(page.number, words),
                    "baris tahun / year line",
                )
                found.append((text, field))
    return found


def _year(title: Field, period: str, standalone: Field, pages: list[PageText]) -> Field:
    """The cover's or title page's own year (or period) line first: a year ending the
    title may name something else ("… Sensus Penduduk 2020", published 2023)."""
    if standalone.found:
        return standalone
    ending = re.search(r"((?:19|20)\d{2})$", title.value)
    if ending:
        evidence = tuple(e for e in title.evidence if ending.group(1) in e.text)
        return Field(
            "year",
            ending.group(1),
            title.confidence,
            evidence or title.evidence,
            "akhir judul / end of title",
        )
    for page in pages:
        for line in page.lines:
            match = _COPYRIGHT.search(line.text)
            if match:
                words = [w for w in line.words if match.group(2) in w.text]
                return Field(
                    "year",
                    match.group(2),
                    round(0.7 * mean_confidence(words), 2),
                    evidence_of(page.number, words),
                    "Hak Cipta / Copyright",
                )
    return Field("year")


def _period(standalone_text: str, standalone: Field) -> Field:
    if not standalone_text or re.fullmatch(r"(19|20)\d{2}", standalone_text):
        return Field("period")
    text = re.sub(r"\s*[-–—‐]\s*", "–", standalone_text)
    text = text[:1].upper() + text[1:]
    return Field("period", text, standalone.confidence, standalone.evidence, "baris periode")


def _area(catalogue: Field, title: Field) -> tuple[Field, Field]:
    code = catalogue.value.partition(".")[2]
    if code in AREAS or (code and len(code) in (2, 4, 7)):
        name = AREAS.get(code, ("",))[0]
        return (
            Field(
                "area_code",
                code,
                catalogue.confidence,
                catalogue.evidence,
                "dari nomor katalog / from the catalogue number",
            ),
            Field("area_name", name, catalogue.confidence if name else 0.0),
        )
    lowered = title.value.lower()
    for code, names in sorted(AREAS.items(), key=lambda item: -len(item[0])):
        for name in names:
            if name.lower() in lowered:
                evidence = tuple(e for e in title.evidence if e.text.lower() in name.lower())
                confidence = round(0.7 * title.confidence, 2)
                return (
                    Field("area_code", code, confidence, evidence, "dari judul / from title"),
                    Field("area_name", names[0], confidence, evidence),
                )
    return Field("area_code"), Field("area_name")


def _kind_and_subjects(title: Field) -> tuple[Field, Field]:
    kind = next((k for pattern, k in KIND_RULES if pattern.search(title.value)), "")
    subjects = [s for pattern, s in SUBJECT_RULES if pattern.search(title.value)]
    confidence = round(0.8 * title.confidence, 2)
    if title.found and not kind:  # the catalogue's own default; the librarian decides
        return (
            Field("kind", "other", 0.3, (), "tidak dikenali / not recognised"),
            Field("subjects", "; ".join(subjects), confidence if subjects else 0.0),
        )
    return (
        Field("kind", kind, confidence if kind else 0.0, (), "dari judul / from title"),
        Field(
            "subjects",
            "; ".join(dict.fromkeys(subjects)),
            confidence if subjects else 0.0,
            (),
            "dari judul / from title",
        ),
    )


def _year_votes(
    front: list[PageText | None], imprint: PageText | None, publication: Field
) -> list[str]:
    """Years printed apart from the imprint page's title: each line of the cover and
    title page ending in a year, the copyright year, and the publication number's
    two-digit year (``13770.2401`` is 2024's)."""
    votes = []
    for page in front:
        for line in page.lines if page is not None else ():
            ending = re.search(r"(?<!\d)((?:19|20)\d{2})$", clean_text(line.text))
            if ending:
                votes.append(ending.group(1))
    for line in imprint.lines if imprint is not None else ():
        copyright_year = _COPYRIGHT.search(line.text)
        if copyright_year:
            votes.append(copyright_year.group(2))
    if publication.found:
        votes.append(f"20{publication.value.split('.')[1][:2]}")
    return votes


def _reconcile(title: Field, year: Field, votes: list[str]) -> tuple[Field, Field]:
    """A title year OCR misread ("2013" for "2018") that no other page supports, while
    another year is printed at least twice: that one, in the title and as the year."""
    if year.note != "akhir judul / end of title" or year.value in votes:
        return title, year
    counts = {v: votes.count(v) for v in votes}
    best = max(counts, key=lambda v: counts[v], default="")
    if not best or counts[best] < 2:
        return title, year
    note = "tahun dari halaman lain / year from the other pages"
    fixed = replace(title, value=title.value[: -len(year.value)] + best, confidence=0.5)
    return fixed, replace(year, value=best, confidence=0.5, note=note)


def propose(pages: Sequence[PageText]) -> Proposal:
    """Every field of ``FIELDS``, read from the first pages ("" where nothing was found)."""
    front = list(pages)[:FRONT_PAGES]
    cover, title_page, imprint = _roles(front)
    numbered = [imprint] if imprint is not None else front
    publication = numbers.publication_number(numbered)
    support = _year_votes([], imprint, publication)  # copyright and publication number
    standalone_text, standalone = _standalone_year([cover, title_page], support)
    title, title_en = find_titles(front, imprint=imprint, cover=cover, title_page=title_page)
    catalogue = numbers.catalogue_number(numbered) if imprint else numbers.catalogue_number(front)
    if not catalogue.found:
        catalogue = numbers.catalogue_number(front)
    issn, issn_electronic = numbers.issns(numbered)
    found = {
        "title": title,
        "title_en": title_en,
        "year": _year(title, standalone_text, standalone, front),
        "period": _period(standalone_text, standalone),
        "catalogue_number": catalogue,
        "publication_number": publication,
        "issn": issn,
        "issn_electronic": issn_electronic,
        "isbn": numbers.isbn(numbered),
    }
    votes = _year_votes([cover, title_page], imprint, found["publication_number"])
    found["title"], found["year"] = _reconcile(title, found["year"], votes)
    title = found["title"]
    found["area_code"], found["area_name"] = _area(catalogue, title)
    found["kind"], found["subjects"] = _kind_and_subjects(title)
    return Proposal({name: found.get(name) or Field(name) for name in FIELDS})
