"""HTTP byte ranges for softcopy files, so pdf.js can fetch the pages it shows lazily.

Django's ``FileResponse`` sends whole files only (it ignores ``Range``), so a single
range is answered here with 206 and ``Content-Range``. Several ranges in one request are
answered with the whole file, which RFC 9110 allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

CHUNK = 256 * 1024
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


def read_range(handle: IO[bytes], byte_range: ByteRange) -> Iterator[bytes]:
    """The bytes of the range, in chunks; closes the file when done or abandoned."""
    try:
        handle.seek(byte_range.start)
        left = byte_range.length
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        handle.close()
