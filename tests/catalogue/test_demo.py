"""``pustaka demo``: a realistic collection, softcopies through the real workers, idempotent."""

from __future__ import annotations

import io
import time
from collections import Counter

import pytest
from django.core.management import call_command

from catalogue.models import DigitisationJob, Holding, Publication, Softcopy
from catalogue.validation import clean_publication
from portal.demo.collection import demo_collection, demo_holdings, softcopy_candidates


def test_collection_is_realistic_and_well_formed() -> None:
    collection = demo_collection()
    assert len(collection) >= 60
    assert len({p.key for p in collection}) == len(collection)
    assert set(Counter(p.kind for p in collection)) >= {
        "in_figures",
        "regional",
        "indicators",
        "analysis",
        "survey",
        "news",
    }
    assert {p.area[0] for p in collection} >= {"1377", "13", "1377020"}
    for p in collection:
        fields = {
            "title": p.title,
            "catalogue_number": p.catalogue_number,
            "issn_print": p.issn,
            "isbn": p.isbn,
            "area_code": p.area[0],
            "frequency": p.frequency,
        }
        _, errors = clean_publication(fields)
        assert not errors, (p.title, errors)
    barcodes = [h.barcode for i, p in enumerate(collection) for h in demo_holdings(i, p)]
    assert len(barcodes) == len(set(barcodes))
    assert len({h.status for i, p in enumerate(collection) for h in demo_holdings(i, p)}) >= 4
    first_kinds = [collection[i].kind for i in softcopy_candidates(collection)[:4]]
    assert len(set(first_kinds)) == 4  # the first softcopies show different kinds


@pytest.fixture
def worker_storage(settings) -> None:
    """The worker process writes to the configured storage, so this test reads it too."""
    from portal import settings as configured

    settings.STORAGES = configured.STORAGES


def _demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_loads_once_and_makes_softcopies(celery_worker_name: str, worker_storage) -> None:
    first = _demo("--softcopies", "1", "--wait", "--timeout", "240")
    total = len(demo_collection())
    assert f"Publikasi / publications: {total} baru / new, 0 sudah ada" in first
    assert "1 selesai / done, 0 gagal / failed" in first
    assert Publication.objects.count() == total
    assert Publication.objects.filter(cover="").count() == 0
    assert Publication.objects.get(title="Kota Pariaman Dalam Angka 2024").kind == "in_figures"
    assert Holding.objects.count() > total // 2
    assert Holding.objects.exclude(status="available").exists()
    job = DigitisationJob.objects.get()
    assert job.state == DigitisationJob.JobState.DONE
    softcopy = Softcopy.objects.get(job=job)
    assert softcopy.publication == job.publication
    assert softcopy.page_count == softcopy.pages.count() >= 2
    assert "Kota Pariaman" in " ".join(softcopy.pages.values_list("text", flat=True))
    deadline = time.monotonic() + 60
    while softcopy.pages.filter(thumbnail="").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not softcopy.pages.filter(thumbnail="").exists()

    again = _demo("--softcopies", "1")
    assert f"Publikasi / publications: 0 baru / new, {total} sudah ada" in again
    assert "Eksemplar / printed copies: 0 baru / new" in again
    assert "0 dimulai / started, 0 diulang / retried, 1 sudah ada" in again
    assert Publication.objects.count() == total
    assert DigitisationJob.objects.count() == 1


@pytest.mark.django_db
def test_demo_refuses_softcopies_without_a_broker(settings) -> None:
    from django.core.management.base import CommandError

    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with pytest.raises(CommandError, match="--softcopies 0"):
        _demo("--softcopies", "2")
    assert not DigitisationJob.objects.exists()


def test_demo_pages_come_from_the_named_writer_and_its_absence_is_said(settings, tmp_path) -> None:
    from portal.demo.drawing import PagesUnavailable, write_pages

    files = write_pages(tmp_path / "a", seed=1, count=2, born_digital=False)
    assert [path.suffix for path in files] == [".png", ".png"]  # the default: bench's corpus
    settings.DEMO_PAGE_WRITER = "bench_is_not_installed.demo_pages.write_pages"
    with pytest.raises(PagesUnavailable):
        write_pages(tmp_path / "b", seed=1, count=1, born_digital=False)
