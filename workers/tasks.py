"""Celery tasks: thin edges that take ids, re-read state and call services or steps."""

from __future__ import annotations

import socket

from celery import shared_task

from workers import names


@shared_task(name=names.PING)
def ping() -> dict[str, str]:
    """Answer with this worker's host name: proves a round trip through the broker."""
    return {"pong": socket.gethostname()}
