"""Reads for the intake inbox: softcopies without a publication, their proposed record,
and the publications already in the catalogue that the proposal matches.

A match is looked for before anything is created (issue 12): the same catalogue number
and year (and period), the same ISSN and period, the same publication number — the
catalogue's duplicate rules, ``publication_duplicates`` — or a near-identical title with
the same year. A match means "attach the softcopy to that record", never a new record.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, QuerySet

from catalogue.errors import CatalogueError
from catalogue.models import DigitisationJob, JobPage, Page, Publication, Softcopy
from catalogue.proposal.extract import FRONT_PAGES, propose
from catalogue.proposal.pages import PageText, page_from_hocr, page_from_text
from catalogue.proposal.result import Field, Proposal
from catalogue.selectors.jobs import job_pages_in_order
from catalogue.selectors.publications import publication_duplicates
from catalogue.validation import (
    normalise_catalogue_number,
    normalise_issn,
    normalise_publication_number,
)

# Who works the inbox (and sees uncatalogued softcopies in search): attaching a softcopy
# to a record is editing the catalogue, which librarians and admins may do.
INBOX_PERMISSION = "catalogue.change_publication"
TITLE_SIMILARITY = 0.92  # "near-identical": a letter or two apart, after case and spacing
THUMBNAILS_SHOWN = 3

# rule -> what the two share (Indonesian / English), in the order they are tried
MATCH_RULES = {
    "catalogue_number": "nomor katalog dan tahun sama / same catalogue number and year",
    "issn": "ISSN dan periode sama / same ISSN and period",
    "publication_number": "nomor publikasi sama / same publication number",
    "title": "judul hampir sama dan tahun sama / near-identical title, same year",
}


class NotInInboxError(CatalogueError):
    http_status = 409
    code = "already_catalogued"
    message_id = "Salinan digital ini sudah menjadi bagian dari sebuah publikasi."
    message_en = "This softcopy already belongs to a publication."


@dataclass(frozen=True)
class InboxItem:
    softcopy: Softcopy
    job: DigitisationJob | None
    thumbnails: list[Page] = field(default_factory=list)

    @property
    def source(self) -> str:
        return (
            self.job.get_source_display()
            if self.job
            else Softcopy.Origin(self.softcopy.origin).label
        )


@dataclass(frozen=True)
class Match:
    """A live publication the softcopy appears to belong to, and by which rules."""

    publication: Publication
    rules: tuple[str, ...]

    @property
    def reasons(self) -> list[str]:
        return [MATCH_RULES[rule] for rule in self.rules]


def uncatalogued_softcopies() -> QuerySet[Softcopy]:
    """Softcopies without a publication, newest first. A signed original whose searchable
    copy is also waiting is left out: the two are catalogued together."""
    waiting_copy = Softcopy.objects.filter(derived_from=OuterRef("pk"), publication__isnull=True)
    return (
        Softcopy.objects.filter(publication__isnull=True)
        .exclude(Exists(waiting_copy))
        .select_related("job")
        .order_by("-created_at", "-pk")
    )


def inbox_list(*, limit: int = 100) -> list[InboxItem]:
    softcopies = list(uncatalogued_softcopies()[:limit])
    pages = Page.objects.filter(softcopy__in=softcopies, number__lte=THUMBNAILS_SHOWN)
    by_softcopy: dict[int, list[Page]] = {}
    for page in pages.exclude(thumbnail="").order_by("number"):
        by_softcopy.setdefault(page.softcopy_id, []).append(page)
    return [InboxItem(s, s.job, by_softcopy.get(s.pk, [])) for s in softcopies]


def inbox_get(*, softcopy_id: int) -> Softcopy:
    """One softcopy of the inbox; raises ``NotInInboxError`` once it is catalogued."""
    softcopy = Softcopy.objects.select_related("job", "publication").get(pk=softcopy_id)
    if softcopy.publication_id is not None:
        raise NotInInboxError(f"softcopy {softcopy_id}")
    return softcopy


def proposal_pages(*, softcopy: Softcopy) -> list[PageText]:
    """The front pages as the extractor reads them: hOCR where the pipeline kept it
    (OCR'd pages), else the page text (born-digital pages)."""
    job_pages: list[JobPage] = job_pages_in_order(job_id=softcopy.job_id) if softcopy.job_id else []
    found: list[PageText] = []
    for number, job_page in enumerate(job_pages[:FRONT_PAGES], start=1):
        hocr = _read(job_page.hocr_name)
        found.append(
            page_from_hocr(number, hocr) if hocr else page_from_text(number, job_page.text)
        )
    if not found:  # no job (an uploaded file): the stored page texts
        for page in softcopy.pages.order_by("number")[:FRONT_PAGES]:
            found.append(page_from_text(page.number, page.text))
    return found


def _read(name: str) -> str:
    if not name:
        return ""
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def softcopy_proposal(*, softcopy: Softcopy) -> Proposal:
    """The record proposed from the pages; without a title on them, the job's title
    (typed by whoever handed the pages in) with a lower confidence."""
    proposal = propose(proposal_pages(softcopy=softcopy))
    if not proposal.value("title") and softcopy.title:
        note = "judul pekerjaan / title given with the job"
        proposal.fields["title"] = Field("title", softcopy.title, 0.4, (), note)
    return proposal


def _normalised(values: dict[str, str]) -> dict[str, str]:
    checks = {
        "catalogue_number": normalise_catalogue_number,
        "publication_number": normalise_publication_number,
        "issn": normalise_issn,
        "issn_electronic": normalise_issn,
    }
    clean = {}
    for name, check in checks.items():
        try:
            clean[name] = check(values.get(name, "") or "") if values.get(name) else ""
        except CatalogueError:
            clean[name] = ""
    return clean


def _year(value: str) -> int | None:
    return int(value) if re.fullmatch(r"\d{4}", value.strip()) else None


def title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.casefold()))


def publication_matches(*, values: dict[str, str]) -> list[Match]:
    """Live publications the described softcopy belongs to, best rule first."""
    clean = _normalised(values)
    year, period = _year(values.get("year", "")), values.get("period", "").strip()
    duplicates = publication_duplicates(
        catalogue_number=clean["catalogue_number"],
        publication_number=clean["publication_number"],
        issn_print=clean["issn"],
        issn_electronic=clean["issn_electronic"],
        year=year,
        period=period,
    )
    rules: dict[int, list[str]] = {}
    for duplicate in duplicates:
        rules.setdefault(duplicate.publication_id, []).append(duplicate.kind)
    title = title_key(values.get("title", ""))
    if title and year is not None:
        for pk, other in Publication.objects.live().filter(year=year).values_list("pk", "title"):
            ratio = difflib.SequenceMatcher(None, title, title_key(other)).ratio()
            if ratio >= TITLE_SIMILARITY:
                rules.setdefault(pk, []).append("title")
    order = list(MATCH_RULES)
    publications = Publication.objects.in_bulk(list(rules))
    found = [
        Match(publications[pk], tuple(sorted(set(kinds), key=order.index)))
        for pk, kinds in rules.items()
        if pk in publications
    ]
    return sorted(found, key=lambda m: (order.index(m.rules[0]), -len(m.rules), m.publication.pk))


def unique_exact_match(*, proposal: Proposal) -> Publication | None:
    """The one publication with the proposed catalogue number and year, when the
    proposal names both and nothing else points elsewhere (what auto-accept may take)."""
    if not (proposal.value("catalogue_number") and proposal.value("year")):
        return None
    matches = publication_matches(values=proposal.as_values())
    by_number = [m for m in matches if "catalogue_number" in m.rules]
    if len(matches) == 1 and len(by_number) == 1:
        return by_number[0].publication
    return None
