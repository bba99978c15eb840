"""Scan-to-email: send the finished PDF to the visitor who asked for it.

Small PDFs go as an attachment; larger ones as a signed download link that expires.
Transient SMTP trouble raises a retryable DeliveryError (the task retries with backoff);
a refusal is permanent. Either way the last error is written on the task, so the staff
queue shows it.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalogue.enqueue import enqueue_on_commit
from catalogue.models import Softcopy
from common import tasknames
from scanning.errors import DeliveryError, ScanRequestStateError
from scanning.models import ScanRequest
from scanning.selectors.queue import scan_request_softcopy

State = ScanRequest.TaskState
_SALT = "pustaka.scanning.download"


def download_token(task_id: int) -> str:
    return signing.dumps({"task": task_id}, salt=_SALT)


def download_request_id(token: str) -> int | None:
    """The task a download link names, or None when it is forged or has expired."""
    max_age = settings.SCAN_LINK_DAYS * 86400
    try:
        return int(signing.loads(token, salt=_SALT, max_age=max_age)["task"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def scan_request_deliver(*, task_id: int) -> ScanRequest:
    """Email the task's PDF; a delivered task is never sent again."""
    task = ScanRequest.objects.select_related("publication").get(pk=task_id)
    if task.state == State.DELIVERED:
        return task
    if task.state != State.DONE or task.kind != ScanRequest.Kind.SCAN_TO_EMAIL:
        raise ScanRequestStateError(f"task {task_id} is {task.state}")
    softcopy = scan_request_softcopy(task=task)
    if softcopy is None or not task.requester_email:
        raise DeliveryError(f"task {task_id}: no PDF or no address", retryable=False)
    ScanRequest.objects.filter(pk=task.pk).update(delivery_attempts=F("delivery_attempts") + 1)
    as_link = softcopy.size_bytes > settings.SCAN_EMAIL_MAX_ATTACHMENT_BYTES
    try:
        message = _message(task, softcopy, as_link=as_link)
    except OSError as exc:  # the PDF is gone from storage: waiting will not bring it back
        error = DeliveryError(f"softcopy {softcopy.pk}: {exc}", retryable=False)
        _note_error(task, error)
        raise error from exc
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        error = DeliveryError(f"{type(exc).__name__}: {exc}"[:2000], retryable=_transient(exc))
        _note_error(task, error)
        raise error from exc
    now = timezone.now()
    ScanRequest.objects.filter(pk=task.pk).update(
        state=State.DELIVERED,
        delivered_at=now,
        delivered_as="link" if as_link else "attachment",
        error_code="",
        error_id="",
        error_en="",
        error_detail="",
        updated_at=now,
    )
    task.refresh_from_db()
    return task


def _transient(exc: BaseException) -> bool:
    """4xx replies and lost connections can pass; 5xx refusals will not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    # SMTPException is an OSError too; the others (e.g. no AUTH) will not heal by waiting.
    return not isinstance(exc, smtplib.SMTPException)


def _note_error(task: ScanRequest, error: DeliveryError) -> None:
    message = error.user_message()
    ScanRequest.objects.filter(pk=task.pk).update(
        error_code=str(message["code"]),
        error_id=str(message["id"]),
        error_en=str(message["en"]),
        error_detail=str(message["detail"]),
        updated_at=timezone.now(),
    )


def _message(task: ScanRequest, softcopy: Softcopy, *, as_link: bool) -> EmailMessage:
    link = ""
    if as_link:
        path = reverse("scan-download", kwargs={"token": download_token(task.pk)})
        link = settings.PUBLIC_BASE_URL.rstrip("/") + path
    context = {
        "task": task,
        "title": task.publication.title,
        "pages": task.pages,
        "link": link,
        "link_days": settings.SCAN_LINK_DAYS,
        "size_mb": round(softcopy.size_bytes / 1_000_000, 1),
    }
    email = EmailMessage(
        subject=f"Hasil pindai / Scanned document: {task.publication.title}"[:200],
        body=render_to_string("scanning/delivery_email.txt", context),
        to=[task.requester_email],
    )
    if not as_link:
        with default_storage.open(softcopy.file.name, "rb") as handle:
            email.attach(_filename(task), handle.read(), "application/pdf")
    return email


def _filename(task: ScanRequest) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in task.publication.title)[:60].strip("-")
    return f"pindai-{task.pk}-{safe or 'dokumen'}.pdf"


def scan_delivery_failed(*, task_id: int, message: dict[str, object]) -> None:
    """Delivery gave up (refused, or retries exhausted): the staff queue shows why."""
    ScanRequest.objects.filter(pk=task_id, state=State.DONE).update(
        state=State.FAILED,
        error_code=str(message.get("code", ""))[:40],
        error_id=str(message.get("id", "")),
        error_en=str(message.get("en", "")),
        error_detail=str(message.get("detail", "")),
        updated_at=timezone.now(),
    )


def scan_delivery_retry(*, task: ScanRequest) -> ScanRequest:
    """Staff send a failed delivery again (e.g. after correcting the mail server)."""
    if task.kind != ScanRequest.Kind.SCAN_TO_EMAIL or scan_request_softcopy(task=task) is None:
        raise ScanRequestStateError(f"task {task.pk}: nothing to send")
    with transaction.atomic():
        updated = ScanRequest.objects.filter(pk=task.pk, state=State.FAILED).update(
            state=State.DONE, updated_at=timezone.now()
        )
        if not updated:
            raise ScanRequestStateError(f"task {task.pk} is {task.state}")
        enqueue_on_commit(tasknames.DELIVER_SCAN, task.pk, queue=settings.SCAN_DELIVERY_QUEUE)
    task.refresh_from_db()
    return task
