"""Re-dispatch from the database: only unfinished work goes again, counted, and a late
old message changes nothing (services only; the broker is recorded)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from catalogue.models import DigitisationJob, JobPage
from catalogue.selectors.recovery import unfinished_work
from catalogue.services import jobs as services
from catalogue.services import recovery
from catalogue.services.softcopies import SoftcopyFile, job_complete
from common import tasknames

pytestmark = pytest.mark.django_db(transaction=True)
Job = DigitisationJob


def _job_with_pages(png_file: Path, pages: int = 3) -> tuple[Job, list[JobPage]]:
    job = services.job_create(title="Pemadaman listrik")
    job_input = services.job_add_file(job=job, path=png_file, filename="a.png")
    services.input_expand(
        input_id=job_input.pk, pages=[(n, JobPage.Kind.IMAGE) for n in range(1, pages + 1)], info={}
    )
    services.job_close(job=job)
    return job, list(JobPage.objects.filter(job=job).order_by("index"))


def _finish(page_id: int) -> None:
    services.page_finish(
        page_id=page_id,
        text="teks",
        ocr=True,
        blank=False,
        pdf_name="p.pdf",
        hocr_name="",
        facts={},
    )


def test_worker_start_requeues_only_its_own_processing_pages(sent_tasks, png_file: Path) -> None:
    job, (mine, other, done) = _job_with_pages(png_file)
    services.page_start(page_id=mine.pk, worker="pustaka@kantor")
    services.page_start(page_id=other.pk, worker="ocr@gudang")
    services.page_start(page_id=done.pk, worker="pustaka@kantor")
    _finish(done.pk)
    sent_tasks.clear()

    assert recovery.pages_requeue_on_worker(worker="pustaka@kantor") == [mine.pk]

    assert sent_tasks == [(tasknames.PROCESS_PAGE, [mine.pk], tasknames.QUEUE_OCR)]
    mine.refresh_from_db()
    assert (mine.state, mine.redispatches) == ("queued", 1)
    assert JobPage.objects.get(pk=other.pk).state == "processing"
    assert Job.objects.get(pk=job.pk).redispatches == 1


def test_late_old_message_after_redispatch_changes_nothing(sent_tasks, png_file: Path) -> None:
    job, pages = _job_with_pages(png_file, pages=2)
    services.page_start(page_id=pages[0].pk, worker="pustaka@kantor")
    recovery.pages_requeue_on_worker(worker="pustaka@kantor")
    for page in pages:  # the re-dispatched message runs the page to the end
        services.page_start(page_id=page.pk, worker="pustaka@kantor")
        _finish(page.pk)
    assert Job.objects.get(pk=job.pk).state == Job.JobState.ASSEMBLING
    spec = SoftcopyFile(
        stored_name="softcopies/x.pdf",
        sha256="0" * 64,
        size_bytes=1,
        page_count=2,
        origin="scanned",
        pdfa=True,
    )
    assert job_complete(job_id=job.pk, searchable=spec) is not None
    before = Job.objects.get(pk=job.pk)
    attempts = list(JobPage.objects.filter(job=job).values_list("attempts", flat=True))

    # The parked message comes back an hour later, for the page and for the assembly.
    assert services.page_start(page_id=pages[0].pk, worker="pustaka@kantor") is None
    _finish(pages[0].pk)
    assert job_complete(job_id=job.pk, searchable=spec) is None
    assert recovery.pages_redispatch(page_ids=[p.pk for p in pages], states=("queued",)) == []
    assert recovery.jobs_reassemble(job_ids=[job.pk]) == []

    after = Job.objects.get(pk=job.pk)
    assert (after.state, after.pages_done, after.softcopy_id) == ("done", 2, before.softcopy_id)
    assert list(JobPage.objects.filter(job=job).values_list("attempts", flat=True)) == attempts
    assert after.softcopy is not None
    assert after.softcopy.pages.count() == 2


def test_unfinished_work_by_age_and_redispatch_counts(sent_tasks, png_file: Path) -> None:
    job, (queued, processing, done) = _job_with_pages(png_file)
    services.page_start(page_id=processing.pk, worker="ocr@gone")
    services.page_start(page_id=done.pk, worker="ocr@gone")
    _finish(done.pk)
    long_ago = timezone.now() - timedelta(hours=1)
    JobPage.objects.filter(job=job).update(queued_at=long_ago, started_at=long_ago)
    now = timezone.now()

    recent = unfinished_work(
        queued_before=long_ago, processing_before=long_ago, assembling_before=long_ago
    )
    assert (recent.queued_pages, recent.processing_pages) == ([], {})
    old = unfinished_work(queued_before=now, processing_before=now, assembling_before=now)
    assert old.queued_pages == [queued.pk]
    assert old.processing_pages == {processing.pk: "ocr@gone"}

    sent_tasks.clear()
    assert recovery.pages_redispatch(page_ids=old.queued_pages, states=("queued",)) == [queued.pk]
    assert recovery.pages_redispatch(page_ids=list(old.processing_pages), states=("processing",))
    assert sent_tasks.of(tasknames.PROCESS_PAGE) == [[queued.pk], [processing.pk]]
    assert Job.objects.get(pk=job.pk).redispatches == 2


def test_lost_assembly_is_sent_again_and_runs_once(sent_tasks, png_file: Path) -> None:
    job, pages = _job_with_pages(png_file, pages=1)
    services.page_start(page_id=pages[0].pk, worker="w")
    _finish(pages[0].pk)
    assert sent_tasks.of(tasknames.ASSEMBLE_JOB) == [[job.pk]]
    later = timezone.now() + timedelta(minutes=5)
    work = unfinished_work(queued_before=later, processing_before=later, assembling_before=later)
    assert work.assembling_jobs == [job.pk]

    assert recovery.jobs_reassemble(job_ids=work.assembling_jobs) == [job.pk]
    assert sent_tasks.of(tasknames.ASSEMBLE_JOB) == [[job.pk], [job.pk]]
    spec = SoftcopyFile(
        stored_name="softcopies/y.pdf",
        sha256="1" * 64,
        size_bytes=1,
        page_count=1,
        origin="scanned",
        pdfa=True,
    )
    assert job_complete(job_id=job.pk, searchable=spec) is not None
    assert job_complete(job_id=job.pk, searchable=spec) is None  # the second message
    assert Job.objects.get(pk=job.pk).redispatches == 1


def test_failed_job_is_not_redispatched(sent_tasks, png_file: Path) -> None:
    _job, pages = _job_with_pages(png_file, pages=2)
    services.page_fail(page_id=pages[0].pk, message={"code": "x", "id": "x", "en": "x"})
    now = timezone.now() + timedelta(minutes=5)
    work = unfinished_work(queued_before=now, processing_before=now, assembling_before=now)
    assert work.queued_pages == []
    assert recovery.pages_redispatch(page_ids=[pages[1].pk], states=("queued",)) == []


def test_retry_sends_the_pages_a_failed_job_left_queued(sent_tasks, png_file: Path) -> None:
    job, (failed, waiting) = _job_with_pages(png_file, pages=2)
    services.page_fail(page_id=failed.pk, message={"code": "storage_full", "id": "x", "en": "x"})
    assert services.page_start(page_id=waiting.pk, worker="w") is None  # skipped: job failed
    sent_tasks.clear()
    services.job_retry(job=Job.objects.get(pk=job.pk))
    assert sorted(sent_tasks.of(tasknames.PROCESS_PAGE)) == [[failed.pk], [waiting.pk]]
