"""Job intake, fan-in, failure and retry (services only; the broker is recorded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from catalogue.errors import JobClosedError, JobNotRetryableError
from catalogue.models import DigitisationJob, JobInput, JobPage
from catalogue.services import jobs as services
from catalogue.storage import sha256_of
from common import tasknames

pytestmark = pytest.mark.django_db(transaction=True)
Job = DigitisationJob

BAD = {"code": "corrupt_file", "id": "Berkas rusak.", "en": "The file is damaged.", "detail": "x"}


def _expand_all(job: Job, kind: str = JobPage.Kind.IMAGE, pages: int = 1) -> list[JobPage]:
    for job_input in job.inputs.filter(expanded=False):
        services.input_expand(
            input_id=job_input.pk, pages=[(n, kind) for n in range(1, pages + 1)], info={}
        )
    return list(JobPage.objects.filter(job=job).order_by("input__position", "index"))


def _finish(page: JobPage) -> None:
    services.page_finish(
        page_id=page.pk,
        text=f"teks {page.pk}",
        ocr=True,
        blank=False,
        pdf_name="p.pdf",
        hocr_name="p.hocr",
        facts={},
    )


def test_added_file_is_kept_content_addressed_and_expanded_on_commit(
    sent_tasks, png_file: Path
) -> None:
    job = services.job_create(title="Kota Pariaman Dalam Angka 2024")
    job_input = services.job_add_file(job=job, path=png_file, filename=png_file.name)
    assert job_input.kind == JobInput.Kind.IMAGE
    assert job_input.sha256 == sha256_of(png_file)
    assert job_input.stored_name == f"originals/{job_input.sha256[:2]}/{job_input.sha256}.png"
    with default_storage.open(job_input.stored_name, "rb") as stored:
        assert stored.read() == png_file.read_bytes()
    assert sent_tasks == [(tasknames.EXPAND_INPUT, [job_input.pk], tasknames.QUEUE_DEFAULT)]


def test_pages_stream_while_open_and_job_assembles_once_after_close(
    sent_tasks, png_file: Path
) -> None:
    job = services.job_create(title="Bab 3")
    services.job_add_file(job=job, path=png_file, filename="1.png")
    first = _expand_all(job)
    assert sent_tasks.of(tasknames.PROCESS_PAGE) == [[first[0].pk]]
    _finish(first[0])  # done while the job is still open: no assembly yet
    assert tasknames.ASSEMBLE_JOB not in sent_tasks.names()
    services.job_add_file(job=job, path=png_file, filename="2.png")
    pages = _expand_all(job)
    services.job_close(job=job)
    assert tasknames.ASSEMBLE_JOB not in sent_tasks.names()
    _finish(pages[1])
    _finish(pages[1])  # a re-delivered task changes nothing
    job.refresh_from_db()
    assert (job.pages_done, job.pages_total, job.state) == (2, 2, Job.JobState.ASSEMBLING)
    assert sent_tasks.of(tasknames.ASSEMBLE_JOB) == [[job.pk]]


def test_closed_job_refuses_new_files_but_accepts_a_resent_upload(
    sent_tasks, png_file: Path
) -> None:
    job = services.job_create(title="x")
    first = services.job_add_file(job=job, path=png_file, filename="1.png", client_key="b1-p1")
    again = services.job_add_file(job=job, path=png_file, filename="1.png", client_key="b1-p1")
    assert again.pk == first.pk
    assert job.inputs.count() == 1
    services.job_close(job=job)
    assert (
        services.job_add_file(job=job, path=png_file, filename="1.png", client_key="b1-p1").pk
        == first.pk
    )
    with pytest.raises(JobClosedError):
        services.job_add_file(job=job, path=png_file, filename="2.png", client_key="b1-p2")


def test_closing_an_empty_job_fails_it_with_a_reason(sent_tasks) -> None:
    job = services.job_close(job=services.job_create(title="kosong"))
    assert job.state == Job.JobState.FAILED
    assert job.error_code == "no_pages"
    assert job.error_id
    assert job.error_en


def test_bad_page_fails_job_quarantines_input_and_retry_requeues_it(
    sent_tasks, png_file: Path
) -> None:
    job = services.job_create(title="x")
    services.job_add_file(job=job, path=png_file, filename="rusak.png")
    services.job_close(job=job)
    (page,) = _expand_all(job)
    services.page_fail(page_id=page.pk, message=BAD)
    job.refresh_from_db()
    assert job.state == Job.JobState.FAILED
    assert job.error_code == "corrupt_file"
    assert "rusak.png" in job.error_id
    assert "rusak.png" in job.error_en
    assert job.inputs.get().quarantined
    assert services.page_start(page_id=page.pk, worker="w") is None
    sent_tasks.clear()
    services.job_retry(job=job)
    job.refresh_from_db()
    page.refresh_from_db()
    assert (job.state, job.pages_failed, job.error_code) == (Job.JobState.PROCESSING, 0, "")
    assert page.state == "queued"
    assert not job.inputs.get().quarantined
    assert sent_tasks.of(tasknames.PROCESS_PAGE) == [[page.pk]]
    _finish(page)
    assert sent_tasks.of(tasknames.ASSEMBLE_JOB) == [[job.pk]]


def test_unreadable_input_fails_job_and_retry_reads_it_again(sent_tasks, png_file) -> None:
    job = services.job_create(title="x")
    job_input = services.job_add_file(job=job, path=png_file, filename="a.pdf")
    services.job_close(job=job)
    services.input_fail(input_id=job_input.pk, message=BAD)
    job.refresh_from_db()
    assert job.state == Job.JobState.FAILED
    sent_tasks.clear()
    services.job_retry(job=job)
    assert sent_tasks.of(tasknames.EXPAND_INPUT) == [[job_input.pk]]
    with pytest.raises(JobNotRetryableError):
        services.job_retry(job=job)


def test_page_start_counts_attempts_and_skips_done_pages(sent_tasks, png_file) -> None:
    job = services.job_create(title="x")
    services.job_add_file(job=job, path=png_file, filename="1.png")
    (page,) = _expand_all(job)
    started = services.page_start(page_id=page.pk, worker="celery@a")
    assert started is not None
    assert started.attempts == 1
    again = services.page_start(page_id=page.pk, worker="celery@b")  # re-delivered
    assert again is not None
    assert again.attempts == 2
    assert again.worker == "celery@b"
    _finish(page)
    assert services.page_start(page_id=page.pk, worker="celery@c") is None
    page.refresh_from_db()
    assert page.queue_wait_seconds is not None
    assert page.processing_seconds is not None


def test_same_bytes_again_are_reported_as_duplicate(sent_tasks, png_file) -> None:
    first = services.job_create(title="a")
    services.job_add_file(job=first, path=png_file, filename="1.png")
    Job.objects.filter(pk=first.pk).update(state=Job.JobState.DONE)
    second = services.job_create(title="b")
    services.job_add_file(job=second, path=png_file, filename="1.png")
    second.refresh_from_db()
    assert second.duplicate_of_id == first.pk
