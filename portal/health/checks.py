"""One check per component. A check never raises: it reports what failed and why."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

import redis
from celery import current_app
from django.conf import settings
from django.db import connections

from portal.health import sane
from portal.health.backup import check_backup, check_disk
from portal.health.stack import check_stack
from portal.health.status import ComponentStatus, HealthReport
from search.config import search_client
from search.sync import outbox_backlog
from search_index.client import server_status
from workers.pipeline.tools import tesseract

REQUIRED_OCR_LANGUAGES = ("ind", "eng")
WORKER_PING_TIMEOUT = 1.5


def check_database() -> ComponentStatus:
    conn = connections["default"]
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return ComponentStatus("database", True, detail={"vendor": conn.vendor})
    except Exception as exc:
        return ComponentStatus("database", False, detail={"vendor": conn.vendor}, error=str(exc))
    finally:
        conn.close()


def check_broker() -> ComponentStatus:
    detail = {"url": redact_url(settings.REDIS_URL)}
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        client.ping()
        detail["version"] = str(client.info("server").get("redis_version", ""))
        client.close()
        return ComponentStatus("broker", True, detail=detail)
    except Exception as exc:
        return ComponentStatus("broker", False, detail=detail, error=str(exc))


def check_workers() -> ComponentStatus:
    try:
        replies = current_app.control.ping(timeout=WORKER_PING_TIMEOUT) or []
    except Exception as exc:
        return ComponentStatus("workers", False, detail={"count": 0}, error=str(exc))
    names = sorted(name for reply in replies for name in reply)
    if not names:
        return ComponentStatus(
            "workers", False, detail={"count": 0}, error="no worker answered a ping"
        )
    return ComponentStatus("workers", True, detail={"count": len(names), "names": names})


def check_search() -> ComponentStatus:
    detail: dict[str, object] = {"url": redact_url(settings.MEILISEARCH_URL)}
    detail.update(_search_backlog())
    try:
        client, _ = search_client(timeout=2)
        status = server_status(client)
    except Exception as exc:
        # Searches still answer, from the database: say so, and what waits in the outbox.
        detail["fallback"] = "database (titles and metadata only)"
        return ComponentStatus("search", False, detail=detail, error=str(exc))
    detail["version"] = status.version
    if not status.healthy:
        return ComponentStatus("search", False, detail=detail, error="Meilisearch is not available")
    return ComponentStatus("search", True, detail=detail)


def _search_backlog() -> dict[str, object]:
    """Search changes waiting in the outbox (they arrive once Meilisearch answers)."""
    try:
        backlog = outbox_backlog()
    except Exception as exc:  # the database check reports the database itself
        return {"outbox": f"unknown ({type(exc).__name__})"}
    finally:
        if threading.current_thread() is not threading.main_thread():
            connections["default"].close()  # checks run in pool threads: no leaked connection
    oldest = backlog["oldest"]
    return {"outbox": backlog["pending"]} | (
        {"outbox_oldest": oldest.isoformat()} if oldest else {}
    )


def check_ocr() -> ComponentStatus:
    try:
        detail: dict[str, object] = {"tesseract": tesseract.version()}
        installed = tesseract.languages()
    except Exception as exc:
        return ComponentStatus("ocr", False, error=str(exc))
    detail["languages"] = installed
    missing = [lang for lang in REQUIRED_OCR_LANGUAGES if lang not in installed]
    if missing:
        return ComponentStatus(
            "ocr",
            False,
            detail=detail,
            error=f"Tesseract language data missing: {', '.join(missing)}",
        )
    return ComponentStatus("ocr", True, detail=detail)


def check_scanner() -> ComponentStatus:
    try:
        detail: dict[str, object] = {
            "sane": sane.sane_version(),
            "backends": sane.enabled_backends(),
        }
    except Exception as exc:
        return ComponentStatus("scanner", False, error=str(exc))
    return ComponentStatus("scanner", True, detail=detail)


CHECKS: dict[str, Callable[[], ComponentStatus]] = {
    "database": check_database,
    "broker": check_broker,
    "workers": check_workers,
    "search": check_search,
    "ocr": check_ocr,
    "scanner": check_scanner,
    "stack": check_stack,  # restarts of the parts `pustaka run` supervises
    "backup": check_backup,  # warns: no recent good backup
    "disk": check_disk,  # warns: little free space for storage or backups
}


def health_report() -> HealthReport:
    """Run every check at once (the slowest, a worker ping, bounds the total time)."""
    optional = set(settings.HEALTH_OPTIONAL_COMPONENTS)
    with ThreadPoolExecutor(max_workers=len(CHECKS)) as pool:
        futures = {name: pool.submit(check) for name, check in CHECKS.items()}
        results = [futures[name].result() for name in CHECKS]
    return HealthReport([replace(r, required=r.name not in optional) for r in results])


def redact_url(url: str) -> str:
    """Hide a password in a service URL before it is shown to anyone."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))
