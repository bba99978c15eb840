"""Tell what a handed-in file is from its first bytes, never from its name."""

from __future__ import annotations

from pathlib import Path

from catalogue.models import JobInput

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
)


def sniff_kind(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:
        return JobInput.Kind.PDF
    if head.startswith(_IMAGE_MAGIC):
        return JobInput.Kind.IMAGE
    return JobInput.Kind.UNKNOWN


def stored_suffix(kind: str, filename: str) -> str:
    """The suffix an original is stored under: from its kind, or its own (sanitised) one."""
    if kind == JobInput.Kind.PDF:
        return ".pdf"
    suffix = Path(filename).suffix.lower()
    if suffix.isascii() and suffix[1:].isalnum() and len(suffix) <= 6:
        return suffix
    return ".bin"
