"""Stream a stored file, whole or one byte range, without copying it anywhere first.

django-storages' ``S3File`` downloads the whole object into a temporary file before the
first byte can be read: a pdf.js reader asking for 64 KiB of a 200 MB softcopy would
make the portal fetch 200 MB, for every range it asks. On object storage this reads
exactly the bytes asked for (an S3 ``GET`` with ``Range``) and passes them on in chunks;
on a local folder it seeks in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.files.storage import default_storage

CHUNK = 256 * 1024


def _object(name: str) -> Any | None:
    """The boto3 object behind ``name`` when storage is S3-compatible, else None."""
    normalise = getattr(default_storage, "_normalize_name", None)
    if not is_object_storage() or normalise is None:
        return None
    bucket = default_storage.bucket  # type: ignore[attr-defined]
    from storages.utils import clean_name

    return bucket.Object(normalise(clean_name(name)))


def is_object_storage() -> bool:
    return getattr(default_storage, "bucket", None) is not None


def stream(name: str, start: int = 0, length: int | None = None) -> Iterator[bytes]:
    """The stored bytes from ``start`` (``length`` of them, or to the end), in chunks.

    The source is closed when the iterator ends or is abandoned (a reader that hung up).
    """
    if length is not None and length <= 0:
        return
    stored = _object(name)
    if stored is not None:
        last = "" if length is None else str(start + length - 1)
        body = stored.get(Range=f"bytes={start}-{last}")["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()
        return
    with default_storage.open(name, "rb") as handle:
        handle.seek(start)
        left = length
        while left is None or left > 0:
            chunk = handle.read(CHUNK if left is None else min(CHUNK, left))
            if not chunk:
                break
            if left is not None:
                left -= len(chunk)
            yield chunk
