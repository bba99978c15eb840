"""Edits of an open batch in the spool: rotate, delete, move, and placing new captures.

Captured pages are never changed or removed: an edit changes the batch's arrangement
(the reading order of captured page numbers). A rotation is a new capture (the rotated
image, a new number) that takes the old one's place; a rescan likewise. Pages left out
of the arrangement are never sent, and the server withdraws any that were already sent
when the batch is closed with its order.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image

from scanner_agent import imaging
from scanner_agent.errors import InvalidRequestError
from scanner_agent.spool import SpoolBatch

THUMB_PX = 240
_TRANSPOSE = {
    90: Image.Transpose.ROTATE_270,  # PIL rotates counter-clockwise; 90 means clockwise
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


def _explicit(batch: SpoolBatch) -> list[int]:
    """The batch's arrangement, made explicit (a CLI or cover-sheet batch has none yet)."""
    order = batch.arrangement()
    if batch.manifest.order is None:
        batch.arrange(order)
    return order


def _index(order: list[int], number: int) -> int:
    if number not in order:
        raise InvalidRequestError(
            f"page {number} is not in the batch",
            message_id=f"Halaman {number} tidak ada di batch ini.",
            message_en=f"Page {number} is not in this batch.",
        )
    return order.index(number)


def rotate(batch: SpoolBatch, number: int, degrees: int) -> int:
    """Replace page ``number`` by a copy turned clockwise; returns the copy's number."""
    if degrees % 360 not in _TRANSPOSE:
        raise InvalidRequestError(f"rotation {degrees}")
    with batch._lock:
        order = _explicit(batch)
        at = _index(order, number)
        page = batch.page(number)
        image = Image.open(io.BytesIO(batch.read_page(page)))
        dpi = image.info.get("dpi", (300, 300))
        turned = image.transpose(_TRANSPOSE[degrees % 360])
        content = imaging.encode(turned, page.content_type, round(dpi[0]), threshold=False)
        new = batch.next_number()
        batch.add_page(new, content, page.content_type, blank=page.blank, at=at)
        batch.arrange([n for n in batch.arrangement() if n != number])
    return new


def delete(batch: SpoolBatch, number: int) -> None:
    with batch._lock:
        order = _explicit(batch)
        _index(order, number)
        batch.arrange([n for n in order if n != number])


def move(batch: SpoolBatch, number: int, position: int) -> None:
    """Move page ``number`` to ``position`` (1-based) in the reading order."""
    with batch._lock:
        order = _explicit(batch)
        _index(order, number)
        order.remove(number)
        order.insert(max(0, min(position - 1, len(order))), number)
        batch.arrange(order)


def place_new(batch: SpoolBatch, before: Sequence[int], kind: str, target: int | None) -> list[int]:
    """Put the pages a capture run added (those not in ``before``) where they belong:
    at the end, before ``target`` (insert), or in ``target``'s place (rescan)."""
    with batch._lock:
        current = batch.arrangement()
        new = sorted(n for n in current if n not in before)
        kept = [n for n in current if n in before]
        if not new:
            return []
        if kind in ("insert", "rescan") and target in kept:
            at = kept.index(target)
            tail = kept[at + 1 :] if kind == "rescan" else kept[at:]
            order = kept[:at] + new + tail
        else:
            order = kept + new
        batch.arrange(order)
    return new


def thumbnail(batch: SpoolBatch, number: int) -> bytes:
    """A small JPEG of a captured page, for the page's thumbnails."""
    page = batch.page(number)
    image = Image.open(io.BytesIO(batch.read_page(page)))
    image.thumbnail((THUMB_PX, THUMB_PX))
    out = io.BytesIO()
    image.convert("L" if image.mode in ("1", "L", "I;16") else "RGB").save(out, "JPEG", quality=80)
    return out.getvalue()
