"""The station's state as the page sees it (``GET /api/state``): never the token."""

from __future__ import annotations

from typing import Any

from scanner_agent.errors import DeviceNotFoundError, ScannerAgentError
from scanner_agent.spool import SpoolBatch
from scanner_agent.station.config import public
from scanner_agent.station.engine import Station
from scanner_agent.station.syncer import ServerView

# What each fault lets the librarian do next, besides reading what to do.
FAULT_ACTIONS = {
    "feeder_empty": ["continue"],
    "paper_jam": ["continue", "rescan_last"],
    "cover_open": ["continue", "rescan_last"],
    "device_busy": ["continue"],
    "device_gone": ["continue", "rescan_last"],
    "device_io_error": ["continue", "rescan_last"],
    "device_error": ["continue", "rescan_last"],
    "device_not_found": ["continue"],
    "duplex_count_mismatch": ["continue"],
    "disk_full": ["continue"],
    "spool_error": ["continue"],
}


# The page's own words where the agent's message names a command (the page has buttons).
STATION_WORDS = {
    "device_gone": (
        "Sambungan ke pemindai terputus. Periksa kabel dan daya, lalu tekan 'Lanjutkan'. "
        "Halaman yang sudah terpindai tetap tersimpan.",
        "The scanner was disconnected. Check its cable and power, then press 'Continue'. "
        "Pages scanned so far are kept.",
    ),
    "disk_full": (
        "Disk komputer pemindai penuh. Kosongkan ruang disk, lalu tekan 'Lanjutkan'. "
        "Halaman yang sudah tersimpan tetap aman.",
        "The scanner PC's disk is full. Free some space, then press 'Continue'. Pages "
        "already stored are safe.",
    ),
}


def message(error: ScannerAgentError | None) -> dict[str, Any] | None:
    """An error in words for the page: Indonesian, English, and what can be done."""
    if error is None:
        return None
    words_id, words_en = STATION_WORDS.get(error.code, (error.message_id, error.message_en))
    return {
        "code": error.code,
        "id": words_id,
        "en": words_en,
        "actions": FAULT_ACTIONS.get(error.code, []),
    }


def station_state(station: Station) -> dict[str, Any]:
    syncer = station.syncer
    activity = station.activity
    current = station.current()
    return {
        "config": public(station.config),
        "demo": station.demo,
        "demo_fault": station.demo_fault[0] if station.demo_fault else None,
        "devices": station.devices,
        "devices_error": _devices_error(station),
        "profiles": station.profile_list(),
        "doing": activity.doing,
        "prompt": activity.prompt,
        "fault": message(activity.fault),
        "server": {
            "online": syncer.online,
            "error": message(syncer.offline_error),
            "pages_waiting": sum(len(b.pending()) for b in station.batches_to_sync()),
        },
        "queue": station.queue,
        "queue_error": message(station.queue_error),
        "preview": _preview(station),
        "batch": _batch(station, current) if current else None,
    }


def _devices_error(station: Station) -> dict[str, Any] | None:
    error = station.devices_error
    found = message(error)
    if found is not None and isinstance(error, DeviceNotFoundError):
        found["no_scanner"] = True
    return found


def _preview(station: Station) -> dict[str, Any] | None:
    if station.preview is None:
        return None
    width, height = station.preview.area_mm
    return {"version": station.preview_version, "width_mm": width, "height_mm": height}


def _batch(station: Station, batch: SpoolBatch) -> dict[str, Any]:
    view = station.syncer.views.get(batch.id) or ServerView()
    job_state = view.job.get("state", "")
    manifest = batch.manifest
    with batch._lock:  # one consistent snapshot while the capture thread adds pages
        order = batch.arrangement()
        by_number = {p.number: p for p in manifest.pages}
        waiting = len(batch.pending())
    pages = []
    for position, number in enumerate(order, start=1):
        page = by_number[number]
        part = view.parts.get(number, {})
        pages.append(
            {
                "number": number,
                "position": position,
                "state": _page_state(page.uploaded, page.held, part.get("ocr"), job_state),
                "blank": page.blank or bool(part.get("blank")),
                "held": page.held,
            }
        )
    kept = [by_number[n] for n in order]
    error = station.syncer.errors.get(batch.id)
    return {
        "id": batch.id,
        "server_id": manifest.server_batch_id,
        "title": manifest.request.get("title") or "",
        "task_id": manifest.request.get("scan_task_id"),
        "closing": manifest.capture_complete and not manifest.closed,
        "closed": manifest.closed,
        "pages": pages,
        "progress": {
            "pages": len(kept),
            "megabytes": round(sum(p.size for p in kept) / 1e6, 2),
            "pages_per_minute": round(station.speed(batch), 1),
            "waiting": waiting,
        },
        "job": {
            "state": job_state,
            "url": station.config.server + view.job_url if view.job_url else "",
            "searchable": job_state == "done" and view.job.get("softcopy_id") is not None,
        },
        "error": message(error),
    }


def _page_state(uploaded: bool, held: bool, ocr: str | None, job_state: str) -> str:
    """captured → spooled → uploaded → ocr → searchable (or failed)."""
    if held:
        return "captured"
    if not uploaded:
        return "spooled"
    if ocr == "failed":
        return "failed"
    if ocr == "done":
        return "searchable" if job_state == "done" else "ocr"
    return "uploaded"
