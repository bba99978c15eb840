"""Small JPEG pictures of each page of a softcopy, for the publication page.

Rendered with pdfium (already what the pipeline renders with) at a fixed width, and
stored beside the softcopy under a name made from its SHA-256, so running again finds
them in place and changes nothing.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from catalogue.errors import CatalogueError
from catalogue.models import Page, Softcopy
from catalogue.storage import fetch, local_path

THUMBNAIL_WIDTH = 200  # pixels; shown at about 100 CSS px, so sharp on dense screens
JPEG_QUALITY = 72


class ThumbnailError(CatalogueError):
    """The softcopy's PDF cannot be rendered (damaged or unreadable in storage)."""

    http_status = 422
    code = "thumbnail_failed"
    message_id = "Gambar kecil halaman tidak dapat dibuat dari berkas PDF."
    message_en = "Page thumbnails cannot be made from the PDF file."


def thumbnail_name(softcopy: Softcopy, number: int) -> str:
    return f"thumbnails/{softcopy.sha256[:2]}/{softcopy.sha256}/{number:04d}.jpg"


def softcopy_make_thumbnails(*, softcopy_id: int) -> int:
    """Make the missing thumbnails of a softcopy's pages; returns how many were made."""
    softcopy = Softcopy.objects.get(pk=softcopy_id)
    missing = [
        page
        for page in softcopy.pages.order_by("number")
        if not page.thumbnail or not default_storage.exists(page.thumbnail)
    ]
    if not missing:
        return 0
    with tempfile.TemporaryDirectory(prefix="pustaka-thumbs-") as folder:
        pdf = local_path(softcopy.file.name) or fetch(softcopy.file.name, Path(folder) / "s.pdf")
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise ThumbnailError(f"softcopy {softcopy_id}: {exc}") from exc
        try:
            return sum(_make_one(document, softcopy, page) for page in missing)
        finally:
            document.close()


def _make_one(document: pdfium.PdfDocument, softcopy: Softcopy, page: Page) -> int:
    if not 1 <= page.number <= len(document):
        return 0  # the page rows and the file disagree: nothing sensible to draw
    pdf_page = document[page.number - 1]
    try:
        width_pt, _ = pdf_page.get_size()
        bitmap = pdf_page.render(scale=THUMBNAIL_WIDTH / width_pt)
        image = bitmap.to_pil().convert("RGB")
    finally:
        pdf_page.close()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    name = thumbnail_name(softcopy, page.number)
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(buffer.getvalue()))
    Page.objects.filter(pk=page.pk).update(thumbnail=saved)
    return 1
