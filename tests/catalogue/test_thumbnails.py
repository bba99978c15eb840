"""Page thumbnails: one small JPEG per page, made once, enqueued when a softcopy is done."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image

from bench.corpus_files import born_digital_pdf
from catalogue.models import DigitisationJob, Page, Softcopy
from catalogue.services import jobs as job_services
from catalogue.services.softcopies import SoftcopyFile, job_complete
from catalogue.services.thumbnails import (
    THUMBNAIL_WIDTH,
    ThumbnailError,
    softcopy_make_thumbnails,
)
from catalogue.storage import store_content_addressed
from common import tasknames
from tests.workers.jobwait import run_job


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("thumbs")
    return born_digital_pdf([f"Halaman {n}" for n in (1, 2, 3)], folder / "tiga.pdf")


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second, different PDF: thumbnails are named by content, so softcopies differ."""
    folder = tmp_path_factory.mktemp("thumbs2")
    return born_digital_pdf(["Satu", "Dua"], folder / "dua.pdf")


def _softcopy(pdf: Path, pages: int = 3) -> Softcopy:
    name, sha256, size = store_content_addressed(pdf, prefix="softcopies", suffix=".pdf")
    softcopy = Softcopy.objects.create(
        title="Uji", file=name, origin="born_digital", sha256=sha256, size_bytes=size
    )
    Page.objects.bulk_create([Page(softcopy=softcopy, number=n) for n in range(1, pages + 1)])
    return softcopy


def _thumbnails(softcopy: Softcopy) -> list[str]:
    return list(softcopy.pages.order_by("number").values_list("thumbnail", flat=True))


@pytest.mark.django_db
def test_one_small_jpeg_per_page_and_idempotent(three_pages: Path) -> None:
    softcopy = _softcopy(three_pages)
    assert softcopy_make_thumbnails(softcopy_id=softcopy.pk) == 3
    names = _thumbnails(softcopy)
    assert len(set(names)) == 3
    assert all(names)
    for name in names:
        with default_storage.open(name, "rb") as handle:
            image = Image.open(io.BytesIO(handle.read()))
        assert image.format == "JPEG"
        assert image.width == THUMBNAIL_WIDTH
        assert abs(image.height / image.width - 297 / 210) < 0.02  # A4 proportions kept
    stamps = [default_storage.get_modified_time(name) for name in names]
    assert softcopy_make_thumbnails(softcopy_id=softcopy.pk) == 0
    assert [default_storage.get_modified_time(name) for name in names] == stamps
    default_storage.delete(names[1])  # a lost file is made again, alone
    assert softcopy_make_thumbnails(softcopy_id=softcopy.pk) == 1
    assert default_storage.exists(names[1])


@pytest.mark.django_db
def test_damaged_pdf_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a pdf")
    softcopy = _softcopy(broken, pages=1)
    with pytest.raises(ThumbnailError) as caught:
        softcopy_make_thumbnails(softcopy_id=softcopy.pk)
    assert caught.value.message_id.startswith("Gambar kecil halaman tidak dapat dibuat")
    assert _thumbnails(softcopy) == [""]


@pytest.mark.django_db(transaction=True)
def test_completed_job_enqueues_thumbnails(sent_tasks, png_file: Path) -> None:
    job = job_services.job_create(title="Uji")
    job_services.job_add_file(job=job, path=png_file, filename=png_file.name)
    job_services.job_close(job=job)
    DigitisationJob.objects.filter(pk=job.pk).update(state=DigitisationJob.JobState.ASSEMBLING)
    spec = SoftcopyFile(
        stored_name="x.pdf", sha256="s", size_bytes=1, page_count=0, origin="scanned", pdfa=True
    )
    softcopy = job_complete(job_id=job.pk, searchable=spec)
    assert softcopy is not None
    assert [softcopy.pk] in sent_tasks.of(tasknames.MAKE_THUMBNAILS)


@pytest.fixture
def worker_storage(settings, _storage: None) -> None:
    """The worker process writes to the configured storage, so this test reads it too."""
    from portal import settings as configured

    settings.STORAGES = configured.STORAGES


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_makes_thumbnails_after_a_job(
    celery_worker_name: str, three_pages: Path, worker_storage: None
) -> None:
    job = run_job([three_pages], title="Kota Pariaman Dalam Angka 2024")
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    assert job.softcopy is not None
    deadline = time.monotonic() + 60
    while not all(_thumbnails(job.softcopy)) and time.monotonic() < deadline:
        time.sleep(0.2)
    names = _thumbnails(job.softcopy)
    assert len(names) == 3
    assert all(default_storage.exists(name) for name in names)


def _run_thumbnails(*args: str) -> str:
    out = io.StringIO()
    call_command("thumbnails", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_command_backfills_only_what_is_missing(three_pages: Path, two_pages: Path) -> None:
    done, older = _softcopy(three_pages), _softcopy(two_pages, pages=2)
    softcopy_make_thumbnails(softcopy_id=done.pk)
    before = _thumbnails(done)
    assert "softcopies checked: 1, thumbnails made: 2, failed: 0" in _run_thumbnails("--missing")
    assert all(_thumbnails(older))
    assert _thumbnails(done) == before
    assert "thumbnails made: 0" in _run_thumbnails()
    default_storage.delete(_thumbnails(older)[0])  # lost file: found by the full pass only
    assert "softcopies checked: 0" in _run_thumbnails("--missing")
    assert "softcopies checked: 2, thumbnails made: 1" in _run_thumbnails()


@pytest.mark.django_db
def test_command_named_softcopies_and_a_damaged_one(
    three_pages: Path, two_pages: Path, tmp_path: Path
) -> None:
    wanted, other = _softcopy(three_pages), _softcopy(two_pages, pages=2)
    broken_pdf = tmp_path / "rusak.pdf"
    broken_pdf.write_bytes(b"%PDF-1.7\nthis is not a pdf")
    broken = _softcopy(broken_pdf, pages=1)
    assert "thumbnails made: 3" in _run_thumbnails("--softcopy", str(wanted.pk))
    assert all(_thumbnails(wanted))
    assert not any(_thumbnails(other))
    with pytest.raises(CommandError) as caught:
        _run_thumbnails("--softcopy", str(broken.pk), str(other.pk))
    assert caught.value.returncode == 65
    assert str(broken.pk) in str(caught.value)
    assert all(_thumbnails(other))  # the damaged one did not stop the rest
    with pytest.raises(CommandError) as unknown:
        _run_thumbnails("--softcopy", "999999")
    assert unknown.value.returncode == 66


@pytest.mark.django_db
def test_command_enqueue_sends_one_task_per_softcopy(
    three_pages: Path, two_pages: Path, sent_tasks, django_capture_on_commit_callbacks
) -> None:
    first, second = _softcopy(three_pages), _softcopy(two_pages, pages=2)
    with django_capture_on_commit_callbacks(execute=True):
        output = _run_thumbnails("--missing", "--enqueue")
    assert "softcopies enqueued: 2" in output
    assert sent_tasks.of(tasknames.MAKE_THUMBNAILS) == [[first.pk], [second.pk]]
    assert not any(_thumbnails(first) + _thumbnails(second))  # nothing rendered here
