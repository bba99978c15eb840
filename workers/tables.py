"""What the table task does: read each page's stored words, find its tables, record them.

Scanned pages are read from the hOCR their OCR run stored (never OCR'd again; only
the empty figure cells of a found table get a second look, ``reread``);
born-digital pages from the PDF's own text and ruling lines. Runs after a softcopy is
made, page by page; a page already searched is skipped unless ``force``, so the task
is idempotent and a re-run after a crash picks up where it stopped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from catalogue.models import JobPage, Page, Softcopy, TablePageScan
from catalogue.selectors.jobs import job_pages_in_order
from catalogue.services.tables import page_tables_record
from catalogue.storage import fetch, read_text
from workers.digitise import scratch
from workers.pipeline.errors import PipelineError
from workers.pipeline.tables.detect import find_tables
from workers.pipeline.tables.hocr import words_from_hocr
from workers.pipeline.tables.model import PageWords, Table
from workers.pipeline.tables.pdf_words import words_from_pdf
from workers.pipeline.tables.reread import fill_gaps, page_image
from workers.pipeline.tools import tesseract


@dataclass(frozen=True)
class PageSource:
    """Where the words of softcopy page ``number`` are: an hOCR file or a PDF page."""

    number: int
    hocr_name: str = ""
    pdf_name: str = ""
    pdf_page: int = 0
    page_pdf_name: str = ""  # the OCR'd page's own PDF (its image, for a second look)
    languages: str = "ind+eng"


def page_sources(softcopy: Softcopy) -> Iterator[PageSource]:
    """Each page's stored words: the job's pages in softcopy order, or the PDF itself."""
    if softcopy.job_id is None:
        if softcopy.origin == Softcopy.Origin.BORN_DIGITAL:
            for n in range(1, softcopy.page_count + 1):
                yield PageSource(n, pdf_name=softcopy.file.name, pdf_page=n)
        return
    for n, page in enumerate(job_pages_in_order(job_id=softcopy.job_id), start=1):
        if page.hocr_name:
            yield PageSource(
                n,
                hocr_name=page.hocr_name,
                page_pdf_name=page.pdf_name,
                languages=page.job.languages,
            )
        elif page.kind == JobPage.Kind.PDF_TEXT:
            yield PageSource(n, pdf_name=page.input.stored_name, pdf_page=page.index)


_COLUMN_NUMBER = re.compile(r"[(\[{][0-9Il|]{1,2}[)\]}]")


def may_hold_table(text: str) -> bool:
    """Whether a page's stored text has a column-number row's marks ("(1)", "(2)" …)
    at all; pages without them are not read (most pages of prose)."""
    return len(_COLUMN_NUMBER.findall(text)) >= 2


def extract_softcopy_tables(softcopy_id: int, *, force: bool = False) -> int:
    """Find and record the tables of every page of a softcopy; returns tables found."""
    softcopy = Softcopy.objects.get(pk=softcopy_id)
    done = set(TablePageScan.objects.filter(softcopy_id=softcopy_id).values_list("page", flat=True))
    texts = dict(Page.objects.filter(softcopy=softcopy).values_list("number", "text"))
    found = 0
    fetched: dict[str, Path] = {}
    with scratch("pustaka-tables-") as folder:
        for source in page_sources(softcopy):
            if source.number in done and not force:
                continue
            started = time.perf_counter()
            text = texts.get(source.number)
            if text is not None and not may_hold_table(text):
                words = None  # no "(1) (2)" row in the page's text: nothing to read
            else:
                words = _words(source, folder, fetched)
            tables = find_tables(words) if words is not None else []
            if source.page_pdf_name and any(t.gaps for t in tables):
                _second_look(source, tables, folder)
            page_tables_record(
                softcopy_id=softcopy_id,
                page=source.number,
                tables=[t.as_dict() for t in tables],
                source=words.source if words is not None else "text",
                milliseconds=round(1000 * (time.perf_counter() - started)),
            )
            found += len(tables)
    return found


def _second_look(source: PageSource, tables: list[Table], folder: Path) -> int:
    """Read the empty figure cells off the page image (one small Tesseract call)."""
    local = fetch(source.page_pdf_name, folder / f"page-{source.number}.pdf")
    try:
        image = page_image(local)
    except ValueError:
        return 0

    def read(strip: Path, out: Path) -> Path:
        return tesseract.read_block(strip, out, languages=source.languages, dpi=300)

    try:
        return fill_gaps(tables, image, read, folder / f"gaps-{source.number}")
    except PipelineError:
        return 0  # no second look (Tesseract missing, timed out): the first reading stands


def _words(source: PageSource, folder: Path, fetched: dict[str, Path]) -> PageWords | None:
    if source.hocr_name:
        return words_from_hocr(read_text(source.hocr_name))
    if source.pdf_name not in fetched:
        fetched[source.pdf_name] = fetch(source.pdf_name, folder / f"{len(fetched)}.pdf")
    try:
        return words_from_pdf(fetched[source.pdf_name], source.pdf_page)
    except PipelineError:
        return None  # an unreadable page has no tables; the softcopy itself is fine
