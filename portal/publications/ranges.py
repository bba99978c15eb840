"""HTTP byte ranges for stored PDFs, so pdf.js fetches the pages it shows lazily and an
interrupted download resumes.

Django's ``FileResponse`` sends whole files only (it ignores ``Range``), so a single
range is answered with 206 and ``Content-Range`` (the bytes come from
``catalogue.streams``, which reads only them, from a folder or a bucket). Several ranges
in one request are answered with the whole file, which RFC 9110 allows. Every view that
hands out a stored PDF (the reader, the staff job PDF, a patron's and a visitor's
emailed link) answers through ``stored_file_response``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header

from catalogue.streams import is_object_storage, stream

_SINGLE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


class RangeNotSatisfiable(Exception):
    """The range starts past the end of the file (answer 416)."""


def parse_range(header: str, size: int) -> ByteRange | None:
    """The one range asked for, or None to send the whole file (no or unusable header)."""
    match = _SINGLE.match(header.strip().replace(" ", ""))
    if not match:
        return None  # absent, malformed or several ranges: the whole file
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # "-500": the last 500 bytes
        suffix = int(last)
        if suffix == 0:
            raise RangeNotSatisfiable
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # invalid: ignored, as RFC 9110 says
    if start >= size:
        raise RangeNotSatisfiable
    return ByteRange(start, end)


def stored_file_response(
    request: HttpRequest,
    name: str,
    *,
    etag: str,
    filename: str,
    download: bool,
    content_type: str = "application/pdf",
    on_opening: Callable[[], None] | None = None,
) -> HttpResponseBase:
    """The stored file ``name``, whole or the one byte range asked for (304, 416 as HTTP says).

    ``on_opening`` runs once per opening of the file — the whole file or a range from its
    first byte — not for each later range pdf.js asks for, so a read is logged once.
    """
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers={"ETag": etag})
    size = default_storage.size(name)
    byte_range = None
    if_range = request.headers.get("If-Range")
    if "Range" in request.headers and (if_range is None or if_range == etag):
        try:
            byte_range = parse_range(request.headers["Range"], size)
        except RangeNotSatisfiable:
            return HttpResponse(status=416, headers={"Content-Range": f"bytes */{size}"})
    if on_opening is not None and (byte_range is None or byte_range.start == 0):
        on_opening()
    response: HttpResponseBase
    if byte_range is None and not is_object_storage():
        response = FileResponse(
            default_storage.open(name, "rb"),
            as_attachment=download,
            filename=filename,
            content_type=content_type,
        )
    else:
        # Object storage, or a range: only the bytes asked for leave storage, as they arrive.
        start, length = (0, size) if byte_range is None else (byte_range.start, byte_range.length)
        response = StreamingHttpResponse(
            stream(name, start, length),
            status=200 if byte_range is None else 206,
            content_type=content_type,
        )
        if byte_range is not None:
            response["Content-Range"] = byte_range.content_range(size)
        response["Content-Length"] = str(length)
        response["Content-Disposition"] = content_disposition_header(download, filename) or ""
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    return response
