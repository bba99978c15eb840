"""The reconciler against a real (private) Redis: a page whose message still waits in a
queue is left alone; a page whose message is gone is sent again, once, and counted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.utils import timezone
from PIL import Image

from catalogue.models import DigitisationJob, JobPage
from catalogue.services import jobs as services
from common import tasknames
from portal.stack import services as stack_services
from tests.testenv import running
from workers import recovery

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_broker(tmp_path: Path) -> Iterator[Celery]:
    """A Redis of this test's own (no worker listens), and a Celery app that uses it."""
    port = stack_services.free_port()
    (tmp_path / "redis").mkdir()
    args = stack_services.redis_command(port=port, data_dir=tmp_path / "redis", persistent=False)
    with running(args, log=tmp_path / "redis.log"):
        url = f"redis://127.0.0.1:{port}/0"
        stack_services.wait_until("redis", lambda: stack_services.redis_reachable(url), 20)
        app = Celery("reconciler-test", broker=url, set_as_current=False)
        yield app
        app.close()


@pytest.fixture
def sent_tasks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[object]]]:
    """What the services send (on commit), recorded instead of going to the test broker."""
    from celery import current_app

    sent: list[tuple[str, list[object]]] = []
    monkeypatch.setattr(
        current_app, "send_task", lambda name, args=None, **_: sent.append((name, list(args)))
    )
    return sent


def _of(sent: list[tuple[str, list[object]]], name: str) -> list[list[object]]:
    return [args for task, args in sent if task == name]


def test_only_pages_without_a_live_message_are_sent_again(
    private_broker: Celery, sent_tasks, tmp_path: Path
) -> None:
    png = tmp_path / "a.png"
    Image.new("L", (200, 200), 255).save(png)
    job = services.job_create(title="Rekonsiliasi")
    job_input = services.job_add_file(job=job, path=png, filename="a.png")
    services.input_expand(
        input_id=job_input.pk, pages=[(n, JobPage.Kind.IMAGE) for n in (1, 2, 3)], info={}
    )
    services.job_close(job=job)
    waiting, lost, gone_worker = JobPage.objects.filter(job=job).order_by("index")
    services.page_start(page_id=gone_worker.pk, worker="ocr@mesin-mati")
    long_ago = timezone.now() - timedelta(hours=1)
    JobPage.objects.filter(job=job).update(queued_at=long_ago, started_at=long_ago)
    # Only the first page's message is still in the broker.
    private_broker.send_task(tasknames.PROCESS_PAGE, args=[waiting.pk], queue=tasknames.QUEUE_OCR)

    live = recovery.live_messages(private_broker)
    assert live is not None
    assert live[tasknames.PROCESS_PAGE] == {waiting.pk}

    sent_tasks.clear()
    report = recovery.reconcile(private_broker)
    assert sorted(report.pages) == sorted([lost.pk, gone_worker.pk])
    assert sorted(_of(sent_tasks, tasknames.PROCESS_PAGE)) == sorted([[lost.pk], [gone_worker.pk]])
    assert DigitisationJob.objects.get(pk=job.pk).redispatches == 2

    # Just sent (queued_at is now): the next run leaves them alone.
    sent_tasks.clear()
    assert recovery.reconcile(private_broker).pages == []
    assert sent_tasks == []
