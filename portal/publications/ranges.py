"""HTTP byte ranges for softcopy files, so pdf.js can fetch the pages it shows lazily.

Django's ``FileResponse`` sends whole files only (it ignores ``Range``), so a single
range is answered with 206 and ``Content-Range`` (the bytes come from
``catalogue.streams``, which reads only them, from a folder or a bucket). Several ranges
in one request are answered with the whole file, which RFC 9110 allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
