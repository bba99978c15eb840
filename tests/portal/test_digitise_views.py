"""Staff digitisation screens: upload creates a job, the list and detail show it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from catalogue.models import DigitisationJob
from common import tasknames
from tests.staff_users import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    user = staff_user("pustakawan")
    client.force_login(user)
    return client


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from celery import current_app

    calls: list[str] = []
    monkeypatch.setattr(current_app, "send_task", lambda name, **_: calls.append(name))
    return calls


def _png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("L", (600, 800), 255).save(buffer, "PNG", dpi=(300, 300))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_staff_screens_require_login(client: Client) -> None:
    response = client.get("/staf/digitalisasi/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_upload_creates_a_closed_job_with_files_in_order(
    staff: Client, sent: list[str], django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            "/staf/digitalisasi/unggah/",
            {
                "documents": [_png("hal-1.png"), _png("hal-2.png")],
                "title": "Bab 4 Pertanian",
                "languages": "ind+eng",
            },
        )
    job = DigitisationJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staf/digitalisasi/{job.pk}/"
    assert job.title == "Bab 4 Pertanian"
    assert job.is_closed
    assert [i.filename for i in job.inputs.order_by("position")] == ["hal-1.png", "hal-2.png"]
    assert sent.count(tasknames.EXPAND_INPUT) == 2
    detail = staff.get(f"/staf/digitalisasi/{job.pk}/")
    assert "Bab 4 Pertanian" in detail.text
    listing = staff.get("/staf/digitalisasi/")
    assert "Bab 4 Pertanian" in listing.text
    assert staff.get(f"/api/v1/jobs/{job.pk}").json()["job_id"] == job.pk


def test_upload_without_files_shows_the_form_again(staff: Client, sent: list[str]) -> None:
    response = staff.post("/staf/digitalisasi/unggah/", {"title": "x", "languages": "ind"})
    assert response.status_code == 400
    assert DigitisationJob.objects.count() == 0


def test_failed_job_page_shows_reason_and_retry_button(staff: Client, sent) -> None:
    from catalogue.services.jobs import job_close, job_create

    job = job_close(job=job_create(title="Kosong"))
    page = staff.get(f"/staf/digitalisasi/{job.pk}/")
    assert "Pekerjaan ditutup tanpa halaman." in page.text
    assert f"/staf/digitalisasi/{job.pk}/ulang/" in page.text
    english = staff.get(f"/en/staf/digitalisasi/{job.pk}/")
    assert "The job was closed without any pages." in english.text
    assert staff.get(f"/staf/digitalisasi/{job.pk}/pdf/").status_code == 404


def test_the_staff_job_pdf_downloads_whole_or_resumes_with_a_range(
    staff: Client, settings, tmp_path
) -> None:
    from catalogue.models import Softcopy
    from catalogue.services.jobs import job_create

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    data = b"%PDF-1.7\n" + bytes(range(256)) * 8
    (tmp_path / "job.pdf").write_bytes(data)
    job = job_create(title="Bab 5 Perikanan")
    softcopy = Softcopy.objects.create(
        title="Bab 5", file="job.pdf", sha256="ab" * 32, origin=Softcopy.Origin.SCANNED
    )
    DigitisationJob.objects.filter(pk=job.pk).update(softcopy=softcopy)
    whole = staff.get(f"/staf/digitalisasi/{job.pk}/pdf/")
    assert whole.status_code == 200
    assert whole["Content-Disposition"] == 'attachment; filename="Bab 5 Perikanan.pdf"'
    assert b"".join(whole.streaming_content) == data
    part = staff.get(f"/staf/digitalisasi/{job.pk}/pdf/", HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == data[100:200]
    unchanged = staff.get(f"/staf/digitalisasi/{job.pk}/pdf/", HTTP_IF_NONE_MATCH=whole["ETag"])
    assert unchanged.status_code == 304
