"""The digitisation monitor's snapshot, JSON and page actions (database and real broker)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from catalogue.models import DigitisationJob, JobInput, JobPage
from catalogue.selectors import monitor
from portal.digitise.broker import broker_state

pytestmark = pytest.mark.django_db
Job = DigitisationJob


def make_job(title: str, *, pages: int, done: int = 0, state: str = "processing") -> Job:
    now = timezone.now()
    job = Job.objects.create(
        title=title,
        state=state,
        closed_at=now,
        inputs_total=1,
        inputs_expanded=1,
        pages_total=pages,
        pages_done=done,
        started_at=now - timedelta(minutes=2),
    )
    source = JobInput.objects.create(
        job=job, position=1, kind="image", filename=f"{title}.tif", stored_name="x", sha256="0"
    )
    for index in range(1, pages + 1):
        finished = index <= done
        JobPage.objects.create(
            job=job,
            input=source,
            index=index,
            kind="image",
            state="done" if finished else "queued",
            worker="celery@pindai-1" if finished else "",
            queued_at=now - timedelta(minutes=2),
            started_at=now - timedelta(minutes=1) if finished else None,
            finished_at=now - timedelta(seconds=30) if finished else None,
        )
    return job


def staff(client: Client, *perms: str) -> Client:
    user = User.objects.create_user("pustakawan", password="x", is_staff=True)
    for code in perms:
        user.user_permissions.add(Permission.objects.get(codename=code))
    client.force_login(user)
    return client


def test_progress_eta_and_worker_pace_come_from_the_page_rows() -> None:
    make_job("Statistik Daerah 2024", pages=10, done=4)
    rows = monitor.jobs_in_flight(now=timezone.now())
    assert [(r["title"], r["pages_done"], r["pages_total"], r["percent"]) for r in rows] == [
        ("Statistik Daerah 2024", 4, 10, 40.0)
    ]
    # 4 pages in about 2 minutes: 6 more take about 3 minutes.
    assert 150 <= rows[0]["eta_seconds"] <= 200
    workers = monitor.workers_now(now=timezone.now())
    assert [(w.name, w.pages_per_minute) for w in workers] == [("celery@pindai-1", 0.4)]
    hours = monitor.throughput(now=timezone.now())["hours"]
    assert len(hours) == 24
    assert hours[-1][1] == 4


def test_queue_depth_is_read_from_the_broker() -> None:
    # A queue no worker consumes: the session's Celery worker would take messages pushed
    # onto a real queue before they were counted.
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queue = "monitor-test"
    client.rpush(queue, "{}", "{}")
    try:
        state = broker_state((queue,))
        assert state.reachable
        assert state.depths == {queue: 2}
    finally:
        client.delete(queue)


def test_monitor_json_needs_the_permission_and_shows_jobs(client: Client) -> None:
    make_job("Kota Pariaman Dalam Angka 2025", pages=3, done=1)
    assert staff(client).get("/staf/digitalisasi/monitor.json").status_code == 403
    client.logout()
    User.objects.all().delete()
    data: dict[str, Any] = (
        staff(client, "view_digitisationjob").get("/staf/digitalisasi/monitor.json").json()
    )
    assert [q["name"] for q in data["broker"]["queues"]] == ["default", "ocr", "assemble", "index"]
    assert data["jobs"][0]["title"] == "Kota Pariaman Dalam Angka 2025"
    assert data["jobs"][0]["state_label"] == "Diproses"
    assert data["can_act"] is False
    english = client.get("/en/staf/digitalisasi/monitor.json").json()
    assert english["jobs"][0]["state_label"] == "In progress"


def test_a_failed_page_can_be_retried_or_given_up(client: Client) -> None:
    job = make_job("Berita Resmi Statistik", pages=2, done=1)
    page = job.pages.get(index=2)
    from catalogue.services.jobs import page_fail

    page_fail(page_id=page.pk, message={"code": "ocr", "id": "Tesseract gagal", "en": "failed"})
    found = monitor.problems(now=timezone.now())
    assert [(p.kind, p.page_id, p.reason_id) for p in found] == [
        ("failed", page.pk, "Tesseract gagal")
    ]
    staff(client, "view_digitisationjob", "change_digitisationjob")
    data = client.get("/staf/digitalisasi/monitor.json").json()
    assert (
        data["problems"][0]["retry_url"] == f"/staf/digitalisasi/monitor/halaman/{page.pk}/ulang/"
    )
    response = client.post(data["problems"][0]["retry_url"])
    assert response.status_code == 302
    page.refresh_from_db()
    job.refresh_from_db()
    assert (page.state, job.state, job.pages_failed) == ("queued", "processing", 0)
    assert monitor.problems(now=timezone.now()) == []

    page_fail(page_id=page.pk, message={"code": "ocr", "id": "lagi", "en": "again"})
    client.post(f"/staf/digitalisasi/monitor/halaman/{page.pk}/lepas/")
    page.refresh_from_db()
    assert page.facts["given_up_by"] == "pustakawan"
    assert monitor.problems(now=timezone.now()) == []


def test_a_page_processing_past_the_time_limit_is_stalled(settings: Any) -> None:
    settings.OCR_TASK_SOFT_TIME_LIMIT = 60
    job = make_job("Statistik Kesejahteraan Rakyat", pages=1)
    JobPage.objects.filter(job=job).update(
        state="processing", worker="celery@x", started_at=timezone.now() - timedelta(minutes=5)
    )
    [problem] = monitor.problems(now=timezone.now())
    assert problem.kind == "stalled"
    assert "celery@x" in problem.reason_id


def test_a_long_queue_is_not_a_fault_but_a_lost_message_is() -> None:
    job = make_job("Statistik Daerah 2023", pages=2)
    JobPage.objects.filter(job=job).update(queued_at=timezone.now() - timedelta(hours=2))
    assert monitor.problems(now=timezone.now(), queue_empty=False) == []  # a backlog
    lost = monitor.problems(now=timezone.now(), queue_empty=True)  # nothing left in the broker
    assert [p.kind for p in lost] == ["stalled", "stalled"]
