"""A task travels through real Redis to a real prefork worker and back."""

from __future__ import annotations

import pytest

from common import tasknames

pytestmark = pytest.mark.integration


def test_ping_task_round_trip_through_real_redis(celery_worker_name: str) -> None:
    from workers.celery import app

    result = app.send_task(tasknames.PING, queue=tasknames.QUEUE_DEFAULT)
    reply = result.get(timeout=30)
    assert set(reply) == {"pong"}
    assert reply["pong"]  # the worker's host name
    assert result.successful()


def test_worker_answers_control_ping(celery_worker_name: str) -> None:
    from workers.celery import app

    replies = app.control.ping(destination=[celery_worker_name], timeout=2)
    assert replies == [{celery_worker_name: {"ok": "pong"}}]
