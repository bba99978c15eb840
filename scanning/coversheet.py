"""Cover sheet QR codes: the payloads the scanner agent recognises, and their pictures."""

from __future__ import annotations

import io

import segno

PREFIX = "PUSTAKA"


def scan_request_payload(task_id: int) -> str:
    return f"{PREFIX}:T:{task_id}"


def publication_payload(publication_id: int) -> str:
    return f"{PREFIX}:P:{publication_id}"


def _code(payload: str) -> segno.QRCode:
    # Level M survives a smudge or a staple hole; the payload is tiny either way.
    return segno.make(payload, error="m", micro=False)


def qr_svg(payload: str) -> str:
    """An inline <svg> element (no XML declaration) for the print page."""
    return str(_code(payload).svg_inline(scale=6, border=4, omitsize=False))


def qr_png(payload: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    _code(payload).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
