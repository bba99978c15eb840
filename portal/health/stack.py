"""The parts ``pustaka run`` supervises: each one's state and how often it restarted."""

from __future__ import annotations

from django.conf import settings

from portal.health.status import ComponentStatus
from portal.stack.supervisor import read_status


def check_stack() -> ComponentStatus:
    """Restarts per part (worker, beat, web, search, redis) from the supervisor's file.

    Without ``pustaka run`` (docker compose, systemd) there is nothing to report: ok.
    A part waiting out its restart backoff is down until it is back.
    """
    status = read_status(settings.VAR_DIR / "run")
    if status is None:
        return ComponentStatus("stack", True, detail={"supervised": False})
    parts = status.get("parts", {})
    detail: dict[str, object] = {
        "supervised": True,
        "restarts": {name: part.get("restarts", 0) for name, part in parts.items()},
    }
    down = sorted(name for name, part in parts.items() if part.get("state") != "running")
    if down:
        return ComponentStatus(
            "stack", False, detail=detail, error="restarting: " + ", ".join(down)
        )
    return ComponentStatus("stack", True, detail=detail)
