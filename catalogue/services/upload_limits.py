"""What an upload may be, checked before anything is stored (docs/security.md).

A file handed in through the web (or a scanner's page) is first written to a temporary
folder; only when every file passes these checks is anything stored content-addressed
and a job made. A refused file is therefore never kept: its temporary copy goes with the
request. The limits are settings (``PUSTAKA_UPLOAD_MAX_*``): bytes per file, pages per
PDF or multi-page TIFF, and pixels per image page (decompression bombs).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from django.conf import settings
from PIL import Image, UnidentifiedImageError

from catalogue.errors import CatalogueError
from catalogue.models import JobInput
from catalogue.services.sniff import sniff_kind


class UploadRefusedError(CatalogueError):
    http_status = 400
    code = "upload_refused"
    message_id = "Berkas ditolak dan tidak disimpan."
    message_en = "The file was refused and not kept."


class UploadTooLargeError(UploadRefusedError):
    http_status = 413
    code = "upload_too_large"
    message_id = "Berkas terlalu besar; berkas ini tidak disimpan. Bagi menjadi beberapa berkas."
    message_en = "The file is too large and was not kept. Split it into several files."


class UploadTooManyPagesError(UploadRefusedError):
    http_status = 413
    code = "upload_too_many_pages"
    message_id = "Berkas memiliki terlalu banyak halaman; berkas ini tidak disimpan."
    message_en = "The file has too many pages and was not kept."


class UploadTooManyPixelsError(UploadRefusedError):
    http_status = 413
    code = "upload_too_many_pixels"
    message_id = "Gambar terlalu besar (piksel); berkas ini tidak disimpan. Pindai pada 300 dpi."
    message_en = "The image is too large (pixels) and was not kept. Scan at 300 dpi."


class UploadUnsupportedError(UploadRefusedError):
    http_status = 415
    code = "upload_unsupported"
    message_id = "Jenis berkas tidak didukung (PDF, PNG, TIFF atau JPEG); tidak disimpan."
    message_en = "Unsupported file type (PDF, PNG, TIFF or JPEG); it was not kept."


def upload_check(*, path: Path, filename: str) -> str:
    """The file's kind, or the reason it is refused (raised) — before it is stored."""
    if path.stat().st_size > settings.UPLOAD_MAX_BYTES:
        raise UploadTooLargeError(f"{filename}: {path.stat().st_size} bytes")
    kind = sniff_kind(path)
    if kind == JobInput.Kind.PDF:
        _check_pdf(path, filename)
    elif kind == JobInput.Kind.IMAGE:
        _check_image(path, filename)
    else:
        raise UploadUnsupportedError(filename)
    return kind


def _check_pdf(path: Path, filename: str) -> None:
    try:
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
    except pikepdf.PasswordError:
        return  # the job fails it clearly, with the reason, and keeps it for a retry
    except pikepdf.PdfError:
        return  # damaged: triage says so page by page (its own clear failure)
    if pages > settings.UPLOAD_MAX_PAGES:
        raise UploadTooManyPagesError(f"{filename}: {pages} pages")


def _check_image(path: Path, filename: str) -> None:
    try:
        with Image.open(path) as image:  # reads the header only, not the pixels
            pixels = image.width * image.height
            frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError):
        raise UploadUnsupportedError(filename) from None
    except Image.DecompressionBombError:
        raise UploadTooManyPixelsError(filename) from None
    if pixels > settings.UPLOAD_MAX_PIXELS:
        raise UploadTooManyPixelsError(f"{filename}: {pixels} pixels")
    if frames > settings.UPLOAD_MAX_PAGES:
        raise UploadTooManyPagesError(f"{filename}: {frames} pages")
