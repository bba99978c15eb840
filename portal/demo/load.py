"""Load the demo collection through the catalogue's own services, idempotently.

Records are found again by title, year and period, copies by barcode, softcopies by the
digitisation job of their publication, so a second run adds only what is missing.
Softcopies are made by the real pipeline: a job per publication, fed with generated page
images, processed by the running workers.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils.text import slugify

from catalogue.errors import CatalogueError
from catalogue.models import DigitisationJob, Holding, Publication, Softcopy
from catalogue.services.bulk_edits import publication_bulk_set_kind, softcopy_bulk_set_access
from catalogue.services.holdings import holding_create
from catalogue.services.jobs import job_add_file, job_close, job_create, job_retry
from catalogue.services.publications import publication_create
from portal.demo.collection import (
    DemoPublication,
    access_level_for,
    demo_collection,
    demo_holdings,
    softcopy_candidates,
)
from portal.demo.drawing import cover_png, write_pages

Job = DigitisationJob
FINAL = {Job.JobState.DONE, Job.JobState.FAILED}


@dataclass
class DemoReport:
    publications_created: int = 0
    publications_found: int = 0
    holdings_created: int = 0
    jobs_started: int = 0
    jobs_retried: int = 0
    jobs_found: int = 0
    problems: list[str] = field(default_factory=list)
    job_ids: list[int] = field(default_factory=list)


def load_catalogue(report: DemoReport) -> dict[int, Publication]:
    """Every demo publication with its copies; returns them by position in the list."""
    found: dict[int, Publication] = {}
    for index, spec in enumerate(demo_collection()):
        publication = Publication.objects.filter(
            title=spec.title, year=spec.year, period=spec.period
        ).first()
        if publication is not None:
            report.publications_found += 1
        else:
            try:
                publication = _create(spec)
            except CatalogueError as exc:
                report.problems.append(f"{spec.title} {spec.year}: {exc.message_id} {exc.detail}")
                continue
            report.publications_created += 1
        found[index] = publication
        if publication.deleted_at is None:
            report.holdings_created += _add_holdings(index, spec, publication, report)
    return found


def _create(spec: DemoPublication) -> Publication:
    cover = ContentFile(cover_png(spec), name=f"{slugify(spec.title)[:60]}-{spec.year}.png")
    publication = publication_create(
        title=spec.title,
        subtitle=spec.subtitle,
        year=spec.year,
        period=spec.period,
        catalogue_number=spec.catalogue_number,
        issn_print=spec.issn,
        isbn=spec.isbn,
        frequency=spec.frequency,
        area_code=spec.area[0],
        area_name=spec.area[1],
        subjects=list(spec.subjects),
        language="ind,eng" if spec.subtitle else "ind",
        abstract=spec.abstract,
        contributors=list(spec.contributors),
        release_date=spec.release_date,
        pages=spec.pages,
        cover=cover,
    )
    publication_bulk_set_kind(publication_ids=[publication.pk], kind=spec.kind)
    return publication


def _add_holdings(
    index: int, spec: DemoPublication, publication: Publication, report: DemoReport
) -> int:
    made = 0
    for copy in demo_holdings(index, spec):
        if Holding.objects.filter(barcode=copy.barcode).exists():
            continue
        try:
            holding_create(
                publication=publication,
                barcode=copy.barcode,
                call_number=copy.call_number,
                shelf_location=copy.shelf_location,
                status=copy.status,
                condition=copy.condition,
                acquisition_date=copy.acquisition_date,
            )
        except CatalogueError as exc:
            report.problems.append(f"{copy.barcode}: {exc.message_id}")
            continue
        made += 1
    return made


def start_softcopies(
    publications: dict[int, Publication], *, count: int, report: DemoReport
) -> None:
    """A digitisation job for each of the first ``count`` candidates that has none yet.

    Every third one is a born-digital PDF (text taken as it is), the others scanned page
    images (OCR): both of the pipeline's paths appear in the demo.
    """
    collection = demo_collection()
    chosen = [i for i in softcopy_candidates(collection) if i in publications][:count]
    with tempfile.TemporaryDirectory(prefix="pustaka-demo-") as folder:
        for position, index in enumerate(chosen):
            publication = publications[index]
            jobs = Job.objects.filter(publication=publication).order_by("-pk")
            live = jobs.exclude(state=Job.JobState.FAILED).first()
            if live is not None:
                report.jobs_found += 1
                report.job_ids.append(live.pk)
                continue
            failed = jobs.first()
            if failed is not None:
                job_retry(job=failed)
                report.jobs_retried += 1
                report.job_ids.append(failed.pk)
                continue
            files = write_pages(
                Path(folder) / str(index),
                seed=index + 1,
                count=2 + index % 3,
                born_digital=position % 3 == 2,
            )
            job = job_create(
                title=publication.title, publication=publication, source=Job.Source.CLI
            )
            for path in files:
                job_add_file(job=job, path=path, filename=path.name, client_key=path.name)
            job_close(job=job)
            report.jobs_started += 1
            report.job_ids.append(job.pk)


def wait_for_jobs(
    job_ids: list[int], *, timeout: float, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Follow the jobs until each is done or failed (or time runs out); counts by state."""
    deadline = time.monotonic() + timeout
    while True:
        states = list(Job.objects.filter(pk__in=job_ids).values_list("state", flat=True))
        finished = sum(1 for state in states if state in FINAL)
        if progress:
            progress(finished, len(states))
        if finished == len(states) or time.monotonic() > deadline:
            return {state: states.count(state) for state in set(states)}
        time.sleep(0.5)


def apply_access_levels(publications: dict[int, Publication], *, count: int) -> int:
    """Give finished demo softcopies their level: mostly public, some patrons', one staff's."""
    collection = demo_collection()
    chosen = [i for i in softcopy_candidates(collection) if i in publications][:count]
    changed = 0
    for position, index in enumerate(chosen):
        ids = Softcopy.objects.filter(publication=publications[index]).values_list("pk", flat=True)
        changed += softcopy_bulk_set_access(
            softcopy_ids=list(ids), access_level=access_level_for(position)
        )
    return changed
