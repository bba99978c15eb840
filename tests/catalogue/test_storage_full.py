"""A full storage disk (a real, small tmpfs) is a clear error, never a truncated file:
the pipeline's own writes and every save through Django's storage (thumbnails, covers)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from bench.corpus_files import born_digital_pdf
from bench.tmpfs import fill, mounted_tmpfs
from catalogue.errors import InputGoneError, StorageFullError
from catalogue.models import DigitisationJob, JobInput, Page, Publication, Softcopy
from catalogue.services.covers import cover_rendition
from catalogue.services.jobs import job_add_file, job_create, job_fail_unkept, job_retry
from catalogue.services.publications import publication_create
from catalogue.services.thumbnails import softcopy_make_thumbnails
from catalogue.storage import local_path, sha256_of, store_at, store_content_addressed
from common import tasknames


@pytest.fixture
def small_disk(settings, tmp_path: Path) -> Iterator[Path]:
    with mounted_tmpfs(tmp_path / "disk", size_bytes=1024 * 1024) as disk:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "catalogue.storage.WholeFileSystemStorage",  # as in production
                "OPTIONS": {"location": str(disk / "storage")},
            },
        }
        yield disk


def _bytes(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def test_full_disk_raises_bilingual_error_and_keeps_no_partial_file(
    small_disk: Path, tmp_path: Path
) -> None:
    big = _bytes(tmp_path / "besar.pdf", 2 * 1024 * 1024)
    with pytest.raises(StorageFullError) as caught:
        store_content_addressed(big, prefix="softcopies", suffix=".pdf")
    message = caught.value.user_message()
    assert message["code"] == "storage_full"
    assert message["id"].startswith("Penyimpanan penuh")
    assert message["en"].startswith("Storage is full")
    assert caught.value.http_status == 507
    leftovers = [p for p in (small_disk / "storage").rglob("*") if p.is_file()]
    assert leftovers == []  # no truncated file under the content-addressed name

    small = _bytes(tmp_path / "kecil.pdf", 100 * 1024)
    name, sha256, _ = store_content_addressed(small, prefix="softcopies", suffix=".pdf")
    stored = local_path(name)
    assert stored is not None
    assert sha256_of(stored) == sha256 == sha256_of(small)


def test_replacing_a_file_on_a_full_disk_keeps_the_old_one(
    small_disk: Path, tmp_path: Path
) -> None:
    old = _bytes(tmp_path / "lama.pdf", 64 * 1024)
    name = store_at("jobs/1/pages/0001-0001.pdf", old)
    fill(small_disk, leave_bytes=8 * 1024)
    with pytest.raises(StorageFullError):
        store_at(name, _bytes(tmp_path / "baru.pdf", 256 * 1024))
    stored = local_path(name)
    assert stored is not None
    assert sha256_of(stored) == sha256_of(old)
    assert not list(stored.parent.glob(".*.part"))


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != "filler.bin")


def _assert_bilingual(error: StorageFullError) -> None:
    message = error.user_message()
    assert message["code"] == "storage_full"
    assert message["id"].startswith("Penyimpanan penuh")
    assert message["en"].startswith("Storage is full")
    assert error.http_status == 507


def test_django_storage_save_on_a_full_disk_is_the_same_error_and_leaves_nothing(
    small_disk: Path,
) -> None:
    with pytest.raises(StorageFullError) as caught:
        default_storage.save("covers/2026/besar.jpg", ContentFile(os.urandom(2 * 1024 * 1024)))
    _assert_bilingual(caught.value)
    assert _files(small_disk / "storage") == []  # neither the name nor a part file
    # Room again: the same save works, under the name asked for, whole.
    data = os.urandom(64 * 1024)
    name = default_storage.save("covers/2026/kecil.jpg", ContentFile(data))
    assert name == "covers/2026/kecil.jpg"
    assert (small_disk / "storage" / name).read_bytes() == data
    assert default_storage.save(name, ContentFile(b"lain")) != name  # a taken name stays


@pytest.mark.django_db
def test_thumbnails_on_a_full_disk_fail_clearly_and_finish_once_there_is_room(
    small_disk: Path, tmp_path: Path
) -> None:
    pdf = born_digital_pdf([f"Halaman {n}" for n in (1, 2, 3)], tmp_path / "tiga.pdf")
    name, sha256, size = store_content_addressed(pdf, prefix="softcopies", suffix=".pdf")
    softcopy = Softcopy.objects.create(
        title="Uji", file=name, origin="born_digital", sha256=sha256, size_bytes=size
    )
    Page.objects.bulk_create([Page(softcopy=softcopy, number=n) for n in (1, 2, 3)])
    filler = fill(small_disk)
    with pytest.raises(StorageFullError) as caught:
        softcopy_make_thumbnails(softcopy_id=softcopy.pk)
    _assert_bilingual(caught.value)
    thumbs = small_disk / "storage" / "thumbnails"
    made = _files(thumbs) if thumbs.exists() else []
    assert not [p for p in made if p.name.endswith(".part")]
    recorded = [t for t in softcopy.pages.values_list("thumbnail", flat=True) if t]
    assert len(recorded) == len(made) < 3  # each kept thumbnail is whole and recorded
    for thumb in made:
        Image.open(thumb).verify()
    filler.unlink()
    assert softcopy_make_thumbnails(softcopy_id=softcopy.pk) == 3 - len(made)
    assert all(softcopy.pages.values_list("thumbnail", flat=True))


@pytest.mark.django_db
def test_a_cover_on_a_full_disk_is_refused_clearly_and_its_rendition_falls_back(
    small_disk: Path, tmp_path: Path
) -> None:
    photo = tmp_path / "sampul.png"
    Image.effect_noise((600, 800), 80).convert("RGB").save(photo)  # ~1.4 MB, incompressible
    with pytest.raises(StorageFullError) as caught, photo.open("rb") as handle:
        publication_create(title="Statistik Daerah", cover=File(handle, name="sampul.png"))
    _assert_bilingual(caught.value)
    assert not Publication.objects.exists()
    assert _files(small_disk / "storage") == []
    assert photo.stat().st_size > 1024 * 1024  # the librarian's file is untouched

    small = tmp_path / "kecil.png"
    Image.new("RGB", (300, 400), (200, 30, 30)).save(small)
    with small.open("rb") as handle:
        publication = publication_create(title="Statistik", cover=File(handle, name="k.png"))
    filler = fill(small_disk)
    # The page still gets an answer: the placeholder instead of a resized cover.
    assert cover_rendition(publication=publication, fmt="jpeg") is None
    filler.unlink()
    made = cover_rendition(publication=publication, fmt="jpeg")
    assert made is not None
    Image.open(small_disk / "storage" / made).verify()


@pytest.mark.django_db
def test_files_a_full_disk_left_out_fail_the_job_at_once_with_the_reason(
    small_disk: Path, tmp_path: Path, sent_tasks, png_file: Path
) -> None:
    big = _bytes(tmp_path / "besar.pdf", 2 * 1024 * 1024)
    job = job_create(title="Disk penuh", source=DigitisationJob.Source.CLI)
    job_add_file(job=job, path=png_file, filename=png_file.name)  # this one fits
    with pytest.raises(StorageFullError) as caught:
        job_add_file(job=job, path=big, filename=big.name)
    job = job_fail_unkept(job=job, files=[(big, big.name)], error=caught.value)
    assert job.state == DigitisationJob.JobState.FAILED
    assert job.is_closed
    assert job.error_code == "storage_full"
    assert job.error_id.startswith("besar.pdf: Penyimpanan penuh")
    assert job.error_en.startswith("besar.pdf: Storage is full: the input files could not")
    left_out = JobInput.objects.get(job=job, filename="besar.pdf")
    assert (left_out.position, left_out.stored_name) == (2, "")
    assert job.inputs_total == 2

    with pytest.raises(StorageFullError):  # still no room: the job stays failed
        job_retry(job=job)
    job.refresh_from_db()
    assert job.state == DigitisationJob.JobState.FAILED
    assert not [p for p in _files(small_disk / "storage") if p.name.endswith(".part")]

    assert png_file.exists()  # the librarian's files are untouched
    assert big.exists()


@pytest.mark.django_db(transaction=True)  # the expansion is sent on commit
def test_retry_keeps_the_left_out_file_once_there_is_room(
    small_disk: Path, tmp_path: Path, sent_tasks, png_file: Path
) -> None:
    job = job_create(title="Disk penuh", source=DigitisationJob.Source.CLI)
    filler = fill(small_disk)
    with pytest.raises(StorageFullError) as caught:
        job_add_file(job=job, path=png_file, filename=png_file.name)
    job = job_fail_unkept(job=job, files=[(png_file, png_file.name)], error=caught.value)
    assert sent_tasks == []  # nothing to read yet
    filler.unlink()
    job = job_retry(job=job)
    kept = JobInput.objects.get(job=job)
    assert kept.stored_name.startswith("originals/")
    assert sha256_of(small_disk / "storage" / kept.stored_name) == sha256_of(png_file)
    assert job.state == DigitisationJob.JobState.PROCESSING
    assert sent_tasks.of(tasknames.EXPAND_INPUT) == [[kept.pk]]


@pytest.mark.django_db
def test_retry_of_a_left_out_file_that_is_gone_says_so(
    small_disk: Path, tmp_path: Path, sent_tasks, png_file: Path
) -> None:
    job = job_create(title="Disk penuh", source=DigitisationJob.Source.CLI)
    job = job_fail_unkept(job=job, files=[(png_file, png_file.name)], error=StorageFullError("uji"))
    png_file.unlink()
    with pytest.raises(InputGoneError) as caught:
        job_retry(job=job)
    assert caught.value.user_message()["en"].startswith("An input file that was never stored")
    job.refresh_from_db()
    assert job.state == DigitisationJob.JobState.FAILED
