"""Cover pictures for the web: a resized copy of each cover, made once and kept in storage.

The rendition's name carries a digest of the original's name, so a new cover gets a new
rendition and the old one is never served for it.
"""

from __future__ import annotations

import hashlib
import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

from catalogue.errors import StorageFullError
from catalogue.models import Publication

log = logging.getLogger(__name__)

COVER_WIDTH = 480  # pixels: a sharp 240 CSS px cover on dense screens
FORMATS = {"webp": ("WEBP", "image/webp"), "jpeg": ("JPEG", "image/jpeg")}
QUALITY = 80


def cover_rendition_name(publication: Publication, fmt: str) -> str:
    digest = hashlib.sha256(publication.cover.name.encode()).hexdigest()[:16]
    return f"covers/renditions/{publication.pk}/{digest}-{COVER_WIDTH}.{fmt}"


def cover_rendition(*, publication: Publication, fmt: str = "jpeg") -> str | None:
    """The storage name of the resized cover in ``fmt`` (webp or jpeg), made if missing.

    None when there is no cover, the stored file is not a readable image, or the disk is
    too full to keep the rendition (the edge shows a placeholder instead; the page works).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {sorted(FORMATS)}, not {fmt!r}")
    if not publication.cover:
        return None
    name = cover_rendition_name(publication, fmt)
    if default_storage.exists(name):
        return name
    try:
        with default_storage.open(publication.cover.name, "rb") as handle:
            original = Image.open(handle)
            original.load()
    except (FileNotFoundError, UnidentifiedImageError, OSError):
        return None
    image = ImageOps.exif_transpose(original).convert("RGB")
    image.thumbnail((COVER_WIDTH, COVER_WIDTH * 2), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, FORMATS[fmt][0], quality=QUALITY)
    try:
        saved = default_storage.save(name, ContentFile(buffer.getvalue()))
    except StorageFullError:
        log.warning("cover rendition %s not kept: storage is full", name)
        return None
    if saved != name:  # another request made it first: keep theirs
        default_storage.delete(saved)
    return name


def content_type(fmt: str) -> str:
    return FORMATS[fmt][1]
