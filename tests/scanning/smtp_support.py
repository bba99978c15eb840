"""A real SMTP server (aiosmtpd) for the scan-to-email tests, and a mail-only Celery worker."""

from __future__ import annotations

import email
import os
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings

from portal.stack import services

REPO_ROOT = Path(__file__).resolve().parents[2]
REFUSED = "tolak@example.org"


@dataclass
class Mailbox:
    """What the server accepted; ``busy_first`` answers 451 to that many DATA commands."""

    messages: list[Message] = field(default_factory=list)
    busy_first: int = 0
    refused_data: int = 0

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address == REFUSED:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.busy_first > 0:
            self.busy_first -= 1
            self.refused_data += 1
            return "451 4.3.0 Try again later"
        content = envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        self.messages.append(email.message_from_bytes(raw))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def mail_worker(node: str, queue: str, smtp_port: int) -> Iterator[str]:
    """A real Celery worker that takes only ``queue`` and sends through the test server."""
    from tests.conftest import _died, shared_database_url
    from workers.celery import app

    env = {
        **os.environ,
        "REDIS_URL": settings.REDIS_URL,
        "DATABASE_URL": shared_database_url(),
        "PUSTAKA_VAR_DIR": str(settings.VAR_DIR),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
    }
    args = services.celery_worker_command(concurrency=1, hostname=node)
    args[args.index("--queues") + 1] = queue
    log = Path(settings.VAR_DIR) / "log" / f"{node}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, env=env, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        services.wait_until(
            "mail worker",
            lambda: bool(app.control.ping(destination=[node], timeout=0.5)) or _died(process, log),
            60,
        )
        yield node
    finally:
        from tests.testenv import stop

        stop(process)
