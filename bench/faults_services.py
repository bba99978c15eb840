"""Faults of the services around the pipeline: SMTP down while a scan-to-email is due,
and backup → wipe ``var/`` → restore (through the ``pustaka backup``/``restore`` CLI)."""

from __future__ import annotations

import contextlib
import email
import hashlib
import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from bench.faults_scenarios import Row, pages
from bench.stack_driver import Stack

# A scan-to-email request, scanned and uploaded as the scanner agent would (run through
# `pustaka shell`, so against the running stack's database and broker).
SCAN_TO_EMAIL = """
import uuid
from pathlib import Path
from catalogue.services.publications import publication_create
from catalogue.storage import sha256_of
from scanning.services.batches import BatchSpec, batch_close, batch_open, batch_page_store
from scanning.services.stations import station_add
from scanning.services.requests import scan_request_create_scan_to_email
publication = publication_create(title="Statistik Daerah Kota Pariaman (uji SMTP)")
task = scan_request_create_scan_to_email(publication=publication, email="pemohon@example.org")
station = station_add(name="faults-" + uuid.uuid4().hex[:6]).station
spec = BatchSpec(client_batch_id=str(uuid.uuid4()), scan_task_id=task.pk)
batch = batch_open(station=station, spec=spec).batch
page = Path({page!r})
batch_page_store(batch=batch, number=1, path=page, sha256=sha256_of(page), kind="png")
batch_close(batch=batch, page_count=1)
print(task.pk)
"""

COUNTED_TABLES = (
    "catalogue_publication",
    "catalogue_holding",
    "catalogue_softcopy",
    "catalogue_page",
    "catalogue_digitisationjob",
    "catalogue_jobinput",
    "catalogue_jobpage",
    "scanning_scanrequest",
    "auth_user",
)
FIXED_SEARCHES = ("Pariaman", "penduduk", "statistik daerah", "PDRB")


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        self.messages.append(email.message_from_bytes(raw))
        return "250 Message accepted"


@contextlib.contextmanager
def smtp_server(port: int) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


def smtp_down(stack: Stack, work: Path, smtp_port: int) -> Row:
    page = pages(work / "smtp", 1, seed=1600)[0]
    made = stack.cli("shell", "-c", SCAN_TO_EMAIL.format(page=str(page)))
    if made.returncode != 0:
        raise RuntimeError(made.stderr[-2000:])
    task_id = int(made.stdout.strip().splitlines()[-1])
    task = _wait_task(stack, task_id, lambda t: t["delivery_attempts"] >= 1 and t["error_en"])
    seen_error = task["error_en"]
    time.sleep(5)  # the mail server stays down a little longer
    with smtp_server(smtp_port) as mailbox:
        up = time.monotonic()
        task = _wait_task(stack, task_id, lambda t: t["state"] in ("delivered", "failed"))
        recovered = time.monotonic() - up
        time.sleep(2)  # a duplicate would arrive now
        received = len(mailbox.messages)
    delivered = task["state"] == "delivered"
    return Row(
        "SMTP down while a scan-to-email is due",
        f"request shown as not sent yet (“{seen_error[:80]}”), then {task['state']} after "
        f"{task['delivery_attempts']} attempts; {received} email received",
        round(recovered, 1) if delivered else None,
        0 if received else 1,
        max(0, received - 1),
        "from the mail server answering again to the email delivered (retry backoff)",
    )


def _wait_task(stack: Stack, task_id: int, ready: Any, timeout: float = 600) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        task = stack.query(
            "SELECT state, delivery_attempts, error_en FROM scanning_scanrequest WHERE id = ?",
            task_id,
        )[0]
        if ready(task):
            return task
        if time.monotonic() > deadline:
            raise TimeoutError(f"scan task {task_id}: {task}")
        time.sleep(0.5)


def snapshot(stack: Stack) -> dict[str, Any]:
    """Record counts, every stored file's sha256, and the answers to fixed searches."""
    counts = {t: stack.query(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in COUNTED_TABLES}
    storage = Path(stack.env["PUSTAKA_STORAGE_ROOT"])
    hashes = {
        str(p.relative_to(storage)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(storage.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }
    searches = {q: _hits(stack, q) for q in FIXED_SEARCHES}
    return {"counts": counts, "hashes": hashes, "searches": searches}


def _hits(stack: Stack, query: str) -> list[Any]:
    """The search API's answer (as an anonymous patron): publications in rank order, each
    with the pages that matched."""
    status, body = stack.get(f"/api/v1/search?q={quote(query)}&per_page=20", timeout=30)
    try:
        answer = json.loads(body)
    except ValueError:
        return [f"error: HTTP {status}"]
    return [
        [pub["id"], [page["page"] for page in pub.get("pages", [])]]
        for pub in answer.get("publications", [])
    ]


def _settled(stack: Stack, timeout: float = 120) -> dict[str, Any]:
    """A snapshot that a second one, 5 s later, agrees with (background work done)."""
    deadline = time.monotonic() + timeout
    previous = snapshot(stack)
    while time.monotonic() < deadline:
        time.sleep(5)
        current = snapshot(stack)
        if current == previous:
            return current
        previous = current
    return previous


def backup_wipe_restore(stack: Stack, work: Path) -> Row:
    """``pustaka backup`` while running → stop → wipe var/ and storage → empty stack →
    ``pustaka restore`` → compare counts, file hashes and fixed searches."""
    before = _settled(stack)  # the last jobs' thumbnails and index updates included
    dest = work / "backups"
    made = stack.cli("backup", str(dest), timeout=900)
    if made.returncode != 0:
        raise RuntimeError(f"pustaka backup: {made.stdout[-500:]}{made.stderr[-1500:]}")
    # A second backup right after the first copies no file again; it is the one restored
    # (retention may prune the first: same day).
    second = stack.cli("backup", str(dest), timeout=900)
    archive = second.stdout.strip().splitlines()[-1].strip()
    copied = next((ln for ln in second.stderr.splitlines() if "copied" in ln), "").strip()
    verified = stack.cli("backup", "--verify", archive, timeout=900).returncode == 0
    started = time.monotonic()
    stack.stop()
    storage = Path(stack.env["PUSTAKA_STORAGE_ROOT"])
    shutil.rmtree(stack.var_dir)
    for item in storage.iterdir():  # the mount point stays
        shutil.rmtree(item) if item.is_dir() else item.unlink()
    stack.start()
    stack.wait_healthy(180)
    restored = stack.cli("restore", archive, timeout=900)
    if restored.returncode != 0 and "force" in (restored.stdout + restored.stderr).lower():
        restored = stack.cli("restore", archive, "--force", timeout=900)  # run made an admin
    if restored.returncode != 0:
        raise RuntimeError(f"pustaka restore: {restored.stdout[-500:]}{restored.stderr[-1500:]}")
    after = snapshot(stack)
    deadline = time.monotonic() + 180
    while after["searches"] != before["searches"] and time.monotonic() < deadline:
        time.sleep(3)  # the index is rebuilt from the restored database
        after = snapshot(stack)
    differ = [k for k in ("counts", "hashes", "searches") if after[k] != before[k]]
    missing = sorted(set(before["hashes"]) - set(after["hashes"]))
    extra = sorted(set(after["hashes"]) - set(before["hashes"]))
    changed = sorted(
        k
        for k in before["hashes"]
        if after["hashes"].get(k, before["hashes"][k]) != before["hashes"][k]
    )
    for label, names in (("missing", missing), ("extra", extra), ("changed", changed)):
        print(f"backup scenario: {len(names)} {label} file(s): {names[:20]}", flush=True)
    if after["counts"] != before["counts"]:
        print(f"backup scenario: counts {before['counts']} -> {after['counts']}", flush=True)
    return Row(
        "Backup → wipe var/ → restore",
        f"{len(before['hashes'])} files, {before['counts']['catalogue_page']} pages, "
        f"{sum(len(h) for h in before['searches'].values())} search hits; "
        + (
            "identical counts, file hashes and search results"
            if not differ
            else "DIFFERENT: " + ", ".join(differ)
        )
        + (
            f" ({len(missing)} missing, {len(extra)} extra, {len(changed)} changed files)"
            if missing or extra or changed
            else ""
        )
        + f"; second backup right after: {copied}; --verify {'ok' if verified else 'FAILED'}",
        round(time.monotonic() - started, 1),
        len(missing),
        max(0, after["counts"]["catalogue_page"] - before["counts"]["catalogue_page"]),
        f"restore of {archive}",
    )
