"""What the digitisation tasks do: fetch from storage, run pipeline steps, record results.

Each function takes ids, re-reads state through the catalogue, works in a scratch folder
that is removed afterwards, and writes every output to the shared storage, so any worker
on any machine can take any page. Bad input is recorded as a failure with a bilingual
message; transient errors propagate for the task to retry.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from catalogue.errors import StorageFullError
from catalogue.models import DigitisationJob, JobInput, JobPage
from catalogue.selectors.jobs import job_pages_in_order
from catalogue.services import jobs as job_services
from catalogue.services.softcopies import SoftcopyFile, job_complete
from catalogue.storage import fetch, is_disk_full, store_at, store_content_addressed
from workers.inputs import input_copy
from workers.pipeline.assemble import DocumentMeta, OcrPage, OriginalPage, assemble
from workers.pipeline.context import PageContext, PageOptions
from workers.pipeline.errors import BadInputError, PipelineError, UnsupportedTypeError
from workers.pipeline.image import count_frames, extract_frame
from workers.pipeline.pdf_inspect import inspect_pdf
from workers.pipeline.pdf_raster import page_image
from workers.pipeline.pdf_text import extract_page_text
from workers.pipeline.runner import process_image_page

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
CREATOR = "Pustaka — Perpustakaan PST BPS Kota Pariaman"


@contextlib.contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A private folder for one unit of work, removed whatever happens."""
    base = settings.SCRATCH_DIR or None
    with tempfile.TemporaryDirectory(prefix=prefix, dir=base) as folder:
        yield Path(folder)


def expand_input(input_id: int) -> None:
    """Find the pages an input holds (PDF pages, TIFF frames) and queue each one."""
    job_input = JobInput.objects.filter(pk=input_id).first()
    if job_input is None or job_input.expanded:  # None: withdrawn by a scanner station
        return
    with scratch("pustaka-input-") as folder:
        local = input_copy(job_input.stored_name, folder / _safe_name(job_input.filename))
        try:
            pages, info = _pages_of(_claimed_kind(job_input), local)
        except BadInputError as exc:
            job_services.input_fail(input_id=input_id, message=exc.user_message())
            return
    job_services.input_expand(input_id=input_id, pages=pages, info=info)


def _safe_name(filename: str) -> str:
    """The original name, reduced to a harmless local file name (messages quote it)."""
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in Path(filename).name)
    return name.lstrip(".")[:100] or "input"


def _claimed_kind(job_input: JobInput) -> str:
    """Unrecognised bytes are judged by what their name claims, so that a damaged PDF
    reads as "damaged" and a renamed spreadsheet as "unsupported"."""
    if job_input.kind != JobInput.Kind.UNKNOWN:
        return job_input.kind
    suffix = Path(job_input.filename).suffix.lower()
    if suffix == ".pdf":
        return JobInput.Kind.PDF
    if suffix in IMAGE_SUFFIXES:
        return JobInput.Kind.IMAGE
    return JobInput.Kind.UNKNOWN


def _pages_of(kind: str, local: Path) -> tuple[list[tuple[int, str]], dict[str, object]]:
    if kind == JobInput.Kind.PDF:
        info = inspect_pdf(local)
        pages = [
            (p.number, str(JobPage.Kind.PDF_TEXT if p.kind == "text" else JobPage.Kind.PDF_SCANNED))
            for p in info.pages
        ]
        return pages, info.as_dict()
    if kind == JobInput.Kind.IMAGE:
        frames = count_frames(local)
        return [(n, str(JobPage.Kind.IMAGE)) for n in range(1, frames + 1)], {"frames": frames}
    raise UnsupportedTypeError("neither a PDF nor a PNG, TIFF or JPEG image")


def process_page(page_id: int, worker: str) -> None:
    """Run one page through triage → image pipeline or text extraction, then record it.

    A full disk fails the page (and its job) with a clear reason, the input kept."""
    page = job_services.page_start(page_id=page_id, worker=worker)
    if page is None:
        return
    try:
        _process_started_page(page)
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        job_services.page_fail(page_id=page_id, message=StorageFullError(str(exc)).user_message())
    except StorageFullError as exc:
        job_services.page_fail(page_id=page_id, message=exc.user_message())


def _process_started_page(page: JobPage) -> None:
    page_id = page.pk
    options = PageOptions(languages=page.job.languages, clean=page.job.clean_pages)
    with scratch("pustaka-page-") as folder:
        ctx = PageContext(workdir=folder / "work", page_number=page.index, options=options)
        local = input_copy(page.input.stored_name, folder / _safe_name(page.input.filename))
        try:
            outcome = _run_page(page, local, ctx)
        except PipelineError as exc:
            if exc.retryable:
                raise
            job_services.page_fail(page_id=page_id, message=exc.user_message())
            return
        job_services.page_finish(
            page_id=page_id,
            text=outcome.text,
            ocr=outcome.ocr,
            blank=outcome.blank,
            pdf_name=outcome.pdf_name,
            hocr_name=outcome.hocr_name,
            facts=outcome.facts,
        )


@dataclass(frozen=True)
class PageOutcome:
    text: str
    ocr: bool
    blank: bool = False
    pdf_name: str = ""
    hocr_name: str = ""
    facts: dict[str, object] = field(default_factory=dict)


def _run_page(page: JobPage, local: Path, ctx: PageContext) -> PageOutcome:
    if page.kind == JobPage.Kind.PDF_TEXT:
        text_file = extract_page_text(local, page.index, ctx)
        return PageOutcome(
            text=text_file.read_text(encoding="utf-8"), ocr=False, facts=_json_facts(ctx.facts)
        )
    if page.kind == JobPage.Kind.PDF_SCANNED:
        image = page_image(local, page.index, ctx)
    elif count_frames(local) > 1:
        image = extract_frame(local, page.index - 1, ctx.path("frame.png"))
    else:
        image = local
    result = process_image_page(image, ctx)
    stem = f"jobs/{page.job_id}/pages/{page.input.position:04d}-{page.index:04d}"
    pdf_name = store_at(f"{stem}.pdf", result.pdf)
    hocr_name = store_at(f"{stem}.hocr", result.hocr)
    store_at(f"{stem}.txt", result.txt)
    return PageOutcome(
        text=result.text,
        ocr=True,
        blank=bool(result.facts.get("blank")),
        pdf_name=pdf_name,
        hocr_name=hocr_name,
        facts=_json_facts(result.facts),
    )


def _json_facts(facts: dict[str, object]) -> dict[str, object]:
    """Keep only what the database can store as JSON (paths become strings)."""
    clean: dict[str, object] = {}
    for key, value in facts.items():
        if isinstance(value, Path) or key.endswith("_path"):  # scratch files are gone
            continue
        if isinstance(value, str | int | float | bool | dict | list) or value is None:
            clean[key] = value
    return clean


def assemble_job(job_id: int) -> None:
    """Merge a finished job's pages into its searchable softcopy (once); a full disk
    fails the job clearly (``pustaka retry`` assembles it again once there is room)."""
    try:
        _assemble(job_id)
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        job_services.job_assembly_failed(
            job_id=job_id, message=StorageFullError(str(exc)).user_message()
        )
    except StorageFullError as exc:
        job_services.job_assembly_failed(job_id=job_id, message=exc.user_message())


def _assemble(job_id: int) -> None:
    job = DigitisationJob.objects.select_related("publication").get(pk=job_id)
    if job.state != DigitisationJob.JobState.ASSEMBLING:
        return
    pages = job_pages_in_order(job_id=job_id)
    inputs = list(job.inputs.order_by("position"))
    only_input = inputs[0] if len(inputs) == 1 else None
    if (
        only_input
        and only_input.kind == JobInput.Kind.PDF
        and all(p.kind == JobPage.Kind.PDF_TEXT for p in pages)
    ):
        job_complete(job_id=job_id, searchable=_original_spec(only_input, len(pages)))
        return
    with scratch("pustaka-assemble-") as folder:
        parts = _parts(pages, folder)
        result = assemble(parts, folder / "out.pdf", _meta(job))
        name, sha256, size = store_content_addressed(
            result.path, prefix="softcopies", suffix=".pdf"
        )
    searchable = SoftcopyFile(
        stored_name=name,
        sha256=sha256,
        size_bytes=size,
        page_count=len(pages),
        origin="scanned",
        pdfa=result.pdfa,
    )
    original = None
    if only_input is not None and only_input.info.get("signed"):
        original = _original_spec(only_input, len(pages), searchable=False)
    job_complete(job_id=job_id, searchable=searchable, original=original)


def _original_spec(job_input: JobInput, pages: int, *, searchable: bool = True) -> SoftcopyFile:
    """The untouched input as a softcopy (born digital, or a signed original)."""
    claim = job_input.info.get("pdfa")
    return SoftcopyFile(
        stored_name=job_input.stored_name,
        sha256=job_input.sha256,
        size_bytes=job_input.size_bytes,
        page_count=pages,
        origin="born_digital",
        pdfa=bool(claim),
        signed=bool(job_input.info.get("signed")),
        searchable=searchable,
    )


def _parts(pages: list[JobPage], folder: Path) -> list[OcrPage | OriginalPage]:
    originals: dict[int, Path] = {}
    parts: list[OcrPage | OriginalPage] = []
    for n, page in enumerate(pages, start=1):
        if page.kind == JobPage.Kind.PDF_TEXT:
            if page.input_id not in originals:
                originals[page.input_id] = input_copy(
                    page.input.stored_name, folder / f"input-{page.input.position}.pdf"
                )
            parts.append(OriginalPage(pdf=originals[page.input_id], page_number=page.index))
        else:
            replaces = page.index if page.kind == JobPage.Kind.PDF_SCANNED else None
            parts.append(
                OcrPage(pdf=fetch(page.pdf_name, folder / f"page-{n:04d}.pdf"), replaces=replaces)
            )
    return parts


def _meta(job: DigitisationJob) -> DocumentMeta:
    publication = job.publication
    keywords = [k.strip() for k in (publication.subject if publication else "").split(",")]
    return DocumentMeta(
        title=job.title,
        subject=publication.abstract[:500] if publication else "",
        keywords=[k for k in keywords if k],
        language="id",
        creator=CREATOR,
        author="Badan Pusat Statistik Kota Pariaman",
    )
