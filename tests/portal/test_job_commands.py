"""`pustaka jobs` and `pustaka retry` (the broker is recorded, not used)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalogue.models import DigitisationJob
from catalogue.services.jobs import job_close, job_create
from common import tasknames

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[object]]]:
    from celery import current_app

    calls: list[tuple[str, list[object]]] = []
    monkeypatch.setattr(
        current_app,
        "send_task",
        lambda name, args=None, **_: calls.append((name, list(args or []))),
    )
    return calls


def test_jobs_lists_recent_jobs_with_state_and_error(sent) -> None:
    job_create(title="Kecamatan Pariaman Utara Dalam Angka")
    failed = job_close(job=job_create(title="Kosong"))
    out = io.StringIO()
    call_command("jobs", "--json", stdout=out)
    listed = json.loads(out.getvalue())
    assert [j["title"] for j in listed] == ["Kosong", "Kecamatan Pariaman Utara Dalam Angka"]
    assert listed[0]["state"] == "failed"
    assert listed[0]["error"]["code"] == "no_pages"
    assert listed[1]["state"] == "open"
    text = io.StringIO()
    call_command("jobs", stdout=text)
    assert f"{failed.pk}" in text.getvalue()
    assert "The job was closed without any pages." in text.getvalue()


def test_retry_requeues_a_failed_job_and_refuses_others(
    sent, django_capture_on_commit_callbacks
) -> None:
    job = job_create(title="x")
    job_close(job=job)
    DigitisationJob.objects.filter(pk=job.pk).update(state="failed", inputs_total=1)
    job.inputs.create(position=1, kind="image", filename="a.png", stored_name="a", sha256="0")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retry", str(job.pk), stdout=out)
    assert "queued again" in out.getvalue()
    assert (tasknames.EXPAND_INPUT, [job.inputs.get().pk]) in sent
    with pytest.raises(CommandError, match="Only a failed job can be retried"):
        call_command("retry", str(job.pk))
    with pytest.raises(CommandError, match="no job"):
        call_command("retry", "999999")


def test_ingest_refuses_missing_files_before_creating_a_job(sent, tmp_path) -> None:
    with pytest.raises(CommandError, match="not a readable file"):
        call_command("ingest", str(tmp_path / "tidak-ada.png"))
    assert DigitisationJob.objects.count() == 0
