"""Enqueue Celery tasks by name once the current transaction commits.

A task must never start before the rows it reads exist; ``on_commit`` guarantees that,
and runs immediately when no transaction is open.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction


def enqueue_on_commit(name: str, *args: int | str, queue: str) -> None:
    transaction.on_commit(
        lambda: current_app.send_task(name, args=list(args), queue=queue), robust=False
    )
